#!/usr/bin/env bash
# What IP accounting costs, against accounting off, in one run:
#  1. ns per packet of the XDP program (BPF_PROG_TEST_RUN, 1,000,000 repeats) with 10,000 hosts
#     with counters, 1,000 accounted ports and 1,000 more CIDRs in the trie;
#  2. lab throughput client -> router -> server with the same tables, counted at the receiver
#     (the server's UdpNoPorts while trafgen sends continuously), off and on, alternating.
# Usage: scripts/bench/acct.sh [SECONDS_PER_SAMPLE]   (root; builds first)
set -euo pipefail
cd "$(dirname "$0")/../.."
readonly secs="${1:-5}" P="xb$$-"
bash scripts/build.sh >/dev/null
readonly xgw=build/xgw bench=build/tests/xgw_acct_bench
# shellcheck source=scripts/bench/signal_tree.sh
source scripts/bench/signal_tree.sh

echo "== per packet (BPF_PROG_TEST_RUN) =="
"$bench" ns 1000000

echo "== lab throughput (receiver: server UdpNoPorts) =="
bash scripts/lab.sh --prefix "$P" up >/dev/null
sender=""
cleanup() {
	[ -z "$sender" ] || signal_tree INT "$sender"
	wait 2>/dev/null || true
	"$xgw" --netns "${P}router" detach --all --purge >/dev/null 2>&1 || true
	bash scripts/lab.sh --prefix "$P" down >/dev/null 2>&1 || true
}
trap cleanup EXIT
in_ns() {
	local ns="$1"
	shift
	nsenter --net="/run/netns/${P}$ns" -- "$@"
}
"$xgw" --netns "${P}router" attach c0 s0 >/dev/null
pin_root="$("$xgw" --netns "${P}router" status --json | jq -r .pin_root)"
# exec: $! is trafgen itself, which the cleanup stops (not just a subshell).
(exec nsenter --net="/run/netns/${P}client" -- trafgen -o eth0 --cpus 1 -q \
	'{ eth(da=02:00:00:00:01:01, sa=02:00:00:00:01:02), ipv4(sa=192.0.2.2, da=198.51.100.2, ttl=64), udp(sp=5555, dp=53), fill(0x55, 18) }' \
	) >/dev/null 2>&1 &
sender=$!
no_ports() { in_ns server nstat -asz UdpNoPorts | awk '/UdpNoPorts/ { print $2 }'; }
# kpps reaching the server over secs seconds.
sample() {
	local a b
	sleep 1
	a="$(no_ports)"
	sleep "$secs"
	b="$(no_ports)"
	echo $(((b - a) / secs / 1000))
}
off=0 on=0
for round in 1 2; do
	"$xgw" --netns "${P}router" acct flush
	o="$(sample)"
	in_ns router "$bench" load "$pin_root"
	n="$(sample)"
	echo "round $round: accounting off $o kpps, on $n kpps"
	off=$((off + o)) on=$((on + n))
done
hosts="$("$xgw" --netns "${P}router" acct show hosts --json | jq '.hosts | length')"
echo "hosts with counters during 'on': $hosts"
awk -v off="$off" -v on="$on" 'BEGIN { printf "throughput: off %.0f kpps, on %.0f kpps, ratio on/off %.3f\n", off / 2, on / 2, on / off }'
