#!/usr/bin/env bash
# ns per packet of the router's XDP program (BPF_PROG_TEST_RUN through bpftool) for the policy
# routing actions of issue 7, each against `allow` of the same packet in the same run:
# setmark, setfib (a tag, then allow; the mark goes into XDP metadata for tc ingress), fwd
# (the next hop into the metadata), and 8 setmark rules passed before the allow. Twice: single
# runs (repeat 1, mean of RUNS: cold, but each stores its metadata), and repeat 200000 (mean
# of 3: warm, but a repeated run keeps the frame, so from the second run on the metadata no
# longer fits in front of it and bpf_xdp_adjust_meta refuses: the tag walk and the helper
# call are measured, the 32-byte store is not).
# Usage: scripts/bench/policy.sh [RUNS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../../tests/netns/lib.sh
source "$here/../../tests/netns/lib.sh"
# shellcheck source-path=SCRIPTDIR source=../../tests/netns/fw_lib.sh
source "$here/../../tests/netns/fw_lib.sh"

runs="${1:-500}"
repeat=1 count=1 # set per series

prog_id() { xgw_in router status --json | jq -er '.interfaces[] | select(.name == "c0") | .xdp_prog_id'; }

# mean_ns FRAME: mean of $count bpftool runs of $repeat repeats each.
mean_ns() {
	local id sum=0 i
	id="$(prog_id)"
	for ((i = 0; i < count; i++)); do
		sum=$((sum + $(rexec router bpftool prog run id "$id" data_in "$1" repeat "$repeat" 2>&1 |
			sed -n 's/.*duration[^:]*: \([0-9]*\)ns.*/\1/p')))
	done
	echo $((sum / count))
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b ? a / b : 0 }'; }

# measure NAME RULES: loads RULES (then allow everything) and prints ns against the allow run.
measure() {
	local ns
	load_rules "$(rules_file "$1.rules" <<<"$2
65000 allow ip from any to any")"
	ns="$(mean_ns "$netns_work/udp")"
	printf '%-12s %5d ns   (x%s of allow)\n' "$1" "$ns" "$(ratio "$ns" "$allow")"
}

main() {
	lab_setup
	require_tools bpftool
	attach_router c0 --mode generic
	"$netns_python" - "$netns_work/udp" <<-'PY'
		import sys
		from scapy.all import Ether, IP, UDP, Raw
		f = Ether(src="02:00:00:00:01:02", dst="02:00:00:00:01:01") / IP(src="192.0.2.2", dst="198.51.100.2") / UDP(sport=40000, dport=9) / Raw(b"x" * 32)
		open(sys.argv[1], "wb").write(bytes(f))
	PY
	repeat=1 count="$runs" series "one run each, mean of $runs"
	repeat=200000 count=3 series "repeat 200000, mean of 3"
}

series() {
	local r="" i
	echo "== XDP, ns per packet, $1 (UDP from 192.0.2.2)"
	load_rules "$(rules_file allow.rules <<<"100 count udp from any to any 10
65000 allow ip from any to any")"
	allow="$(mean_ns "$netns_work/udp")"
	printf '%-12s %5d ns\n' allow "$allow"
	measure setmark "100 setmark 0x20 ip from 192.0.2.2 to any"
	measure setfib "100 setfib 100 ip from 192.0.2.2 to any"
	measure fwd "100 fwd 203.0.113.2 ip from 192.0.2.2 to any"
	for i in 1 2 3 4 5 6 7 8; do r+="$((100 + i)) setmark $i/0xff ip from 192.0.2.2 to any"$'\n'; done
	measure 8-setmarks "${r%$'\n'}"
}

main "$@"
