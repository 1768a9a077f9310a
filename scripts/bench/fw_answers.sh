#!/usr/bin/env bash
# ns per packet of the router's XDP program (BPF_PROG_TEST_RUN through bpftool) for what the
# firewall work of issue 3 added, each against its peer measured in the same run:
#   1. reject answers (TCP RST, ICMP, ICMPv6) against deny of the same packet; an answer
#      rewrites the frame, so each is one run (repeat 1), the mean of RUNS runs;
#   2. table tests: a rule on table(NAME) against the same rule on a prefix, and 8 table tests.
# Usage: scripts/bench/fw_answers.sh [RUNS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../../tests/netns/lib.sh
source "$here/../../tests/netns/lib.sh"
# shellcheck source-path=SCRIPTDIR source=../../tests/netns/fw_lib.sh
source "$here/../../tests/netns/fw_lib.sh"

runs="${1:-300}"

frame() {
	"$netns_python" - "$1" "$2" <<-'PY'
		import sys
		from scapy.all import Ether, IP, IPv6, TCP, UDP, Raw
		kind, out = sys.argv[1:3]
		eth = Ether(src="02:00:00:00:01:02", dst="02:00:00:00:01:01")
		f = {"tcp": eth / IP(src="192.0.2.2", dst="198.51.100.2") / TCP(sport=40000, dport=9, flags="S"),
		     "udp": eth / IP(src="192.0.2.2", dst="198.51.100.2") / UDP(sport=40000, dport=9) / Raw(b"x" * 32),
		     "udp6": eth / IPv6(src="2001:db8:1::2", dst="2001:db8:2::2") / UDP(sport=40000, dport=9) / Raw(b"x" * 32)}[kind]
		open(out, "wb").write(bytes(f))
	PY
}

prog_id() { xgw_in router status --json | jq -er '.interfaces[] | select(.name == "c0") | .xdp_prog_id'; }

# mean_ns FRAME REPEAT COUNT: mean of COUNT bpftool runs of REPEAT repeats each.
mean_ns() {
	local id sum=0 i
	id="$(prog_id)"
	for ((i = 0; i < $3; i++)); do
		sum=$((sum + $(rexec router bpftool prog run id "$id" data_in "$1" repeat "$2" 2>&1 |
			sed -n 's/.*duration[^:]*: \([0-9]*\)ns.*/\1/p')))
	done
	echo $((sum / $3))
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b ? a / b : 0 }'; }

answers() {
	local kind deny reject
	echo "== reject answers: ns per packet, one run each, mean of $runs"
	for kind in tcp udp udp6; do
		frame "$kind" "$netns_work/$kind"
		load_rules "$(rules_file deny.rules <<<"100 deny ${kind%6} from any to any 9")"
		deny="$(mean_ns "$netns_work/$kind" 1 "$runs")"
		load_rules "$(rules_file reject.rules <<<"100 reject ${kind%6} from any to any 9")"
		reject="$(mean_ns "$netns_work/$kind" 1 "$runs")"
		printf '%-5s deny %5d ns   reject %5d ns   (x%s)\n' "$kind" "$deny" "$reject" "$(ratio "$reject" "$deny")"
	done
}

tables() {
	local prefix table eight i r
	echo "== table tests: ns per packet, repeat 200000"
	frame udp "$netns_work/udp"
	load_rules "$(rules_file p.rules <<<"100 deny udp from 192.0.2.0/24 to any 10
65000 allow ip from any to any")"
	prefix="$(mean_ns "$netns_work/udp" 200000 3)"
	xgw_in router fw table bench add 192.0.2.0/24 >/dev/null
	load_rules "$(rules_file t.rules <<<"100 deny udp from table(bench) to any 10
65000 allow ip from any to any")"
	table="$(mean_ns "$netns_work/udp" 200000 3)"
	r=""
	for i in 1 2 3 4 5 6 7 8; do r+="$((100 + i)) deny udp from table(b$i) to any 10"$'\n'; done
	load_rules "$(rules_file t8.rules <<<"${r}65000 allow ip from any to any")"
	eight="$(mean_ns "$netns_work/udp" 200000 3)"
	printf 'prefix %d ns   1 table test %d ns (x%s)   8 table tests %d ns (x%s)\n' "$prefix" \
		"$table" "$(ratio "$table" "$prefix")" "$eight" "$(ratio "$eight" "$prefix")"
}

main() {
	lab_setup
	require_tools bpftool
	attach_router c0 --mode generic
	answers
	tables
}

main "$@"
