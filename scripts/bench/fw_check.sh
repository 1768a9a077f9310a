#!/usr/bin/env bash
# How fast `xgw fw check` answers, end to end (process start, state open, the whole path:
# XDP, routing, tc egress through BPF_PROG_TEST_RUN on the check copy of the programs):
# one check per process (median of RUNS), and one process reading BATCH packets from a file
# (`fw check -f`), as text and as JSON Lines. No peer has an equivalent: nftables and
# iptables cannot be asked what they would do with a packet without sending it.
# Usage: scripts/bench/fw_check.sh [RUNS] [BATCH]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../../tests/netns/lib.sh
source "$here/../../tests/netns/lib.sh"
# shellcheck source-path=SCRIPTDIR source=../../tests/netns/fw_lib.sh
source "$here/../../tests/netns/fw_lib.sh"

runs="${1:-50}" batch="${2:-10000}"

# seconds CMD...: wall-clock seconds of one run of CMD, output discarded.
seconds() {
	local t0 t1
	t0="$(date +%s.%N)"
	"$@" >/dev/null
	t1="$(date +%s.%N)"
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }'
}

main() {
	lab_setup
	attach_router c0 s0 u0
	local mode
	mode="$(xgw_in router status --json | jq -r '.interfaces[] | select(.name == "c0") | .mode')"
	load_rules "$(rules_file check.rules <<<"100 allow tcp from any to any 22 in
200 deny ip from 10.0.0.0/8 to any
300 allow ip from any to any")"
	local one="tcp from 192.0.2.10 to 198.51.100.20 22 in via c0" i times=()
	xgw_in router fw check $one >/dev/null # the first check loads and pins the check copy
	for ((i = 0; i < runs; i++)); do times+=("$(seconds xgw_in router fw check $one)"); done
	local median
	median="$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')"
	for ((i = 0; i < batch; i++)); do
		echo "tcp from 192.0.2.$((i % 250 + 2)) to 198.51.100.20 $((i % 1000 + 1)) in via c0"
	done >"$netns_work/batch"
	local text json
	text="$(seconds xgw_in router fw check -f "$netns_work/batch")"
	json="$(seconds xgw_in router fw check -f "$netns_work/batch" --json)"
	echo "== fw check, XDP mode $mode on veth, 3 rules, whole path (XDP, route, tc egress)"
	awk -v m="$median" -v r="$runs" 'BEGIN { printf "single (median of %d)   %8.1f ms   %8.0f checks/s\n", r, m * 1000, 1 / m }'
	awk -v t="$text" -v n="$batch" 'BEGIN { printf "batch -f, text (%d)   %8.1f ms   %8.0f checks/s\n", n, t * 1000, n / t }'
	awk -v t="$json" -v n="$batch" 'BEGIN { printf "batch -f, JSON (%d)   %8.1f ms   %8.0f checks/s\n", n, t * 1000, n / t }'
	awk -v t="$text" -v m="$median" -v n="$batch" 'BEGIN { printf "batch / single: %.0fx the checks per second\n", (n / t) / (1 / m) }'
	pass
}

main "$@"
