#!/usr/bin/env bash
# Firewall benchmarks, every peer measured in the same run, printed with ratios:
#   1. ns per packet of the XDP program (BPF_PROG_TEST_RUN, bpftool prog run ... repeat) at 1,
#      100, 1,000 and 10,000 rules, traffic spread over the rules and traffic matching none;
#   2. forwarding throughput in the lab (trafgen on the client, UDP to a closed port on the
#      server, counted by the server's UdpNoPorts twice): xgw native and generic XDP, nftables,
#      iptables (legacy), at 1, 1,000 and 10,000 rules;
#   3. time to load 10,000 rules: xgw fw load, nft -f, iptables-restore.
# Usage: scripts/bench/fw.sh [--quick]   (--quick: shorter windows, fewer repeats)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../../tests/netns/lib.sh
source "$here/../../tests/netns/lib.sh"
# shellcheck source=signal_tree.sh
source "$here/signal_tree.sh"

repeat=200000 window=3
if [ "${1:-}" = --quick ]; then
	repeat=20000 window=1
fi
gen="$here/fw_rules.py"

rules() { python3 "$gen" rules "$@"; }

# prog_ns FRAME: mean ns per run of the router's XDP program on FRAME; checks it dropped (1) or passed (2).
prog_ns() {
	local id out
	id="$(xgw_in router status --json | jq -er '.interfaces[] | select(.name == "c0") | .xdp_prog_id')"
	out="$(bpftool prog run id "$id" data_in "$1" repeat "$repeat")"
	grep -q "Return value: $2" <<<"$out" || fail "unexpected verdict on $1: $out"
	sed -n 's/.*duration (average): \([0-9]*\)ns.*/\1/p' <<<"$out"
}

per_packet() {
	attach_router c0 --mode generic
	echo "== ns per packet (BPF_PROG_TEST_RUN, $repeat repeats)"
	printf '%8s %12s %12s\n' rules spread none
	local n spread_sum which f base_spread="" base_none="" spread none
	for n in 1 100 1000 10000; do
		rules "$n" xgw >"$netns_work/r$n"
		xgw_in router fw load "$netns_work/r$n" >/dev/null
		spread_sum=0
		for which in 0 $((n / 4)) $((n / 2)) $((3 * n / 4)) $((n - 1)); do
			f="$netns_work/f-$n-$which"
			python3 "$gen" frame "$n" "$which" "$f"
			spread_sum=$((spread_sum + $(prog_ns "$f" 1)))
		done
		spread=$((spread_sum / 5))
		python3 "$gen" frame "$n" none "$netns_work/f-none"
		none="$(prog_ns "$netns_work/f-none" 1)"
		: "${base_spread:=$spread}" "${base_none:=$none}"
		printf '%8d %9d ns %9d ns   (x%s, x%s of 1 rule)\n' "$n" "$spread" "$none" \
			"$(ratio "$spread" "$base_spread")" "$(ratio "$none" "$base_none")"
	done
	xgw_in router detach --all --purge >/dev/null
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b ? a / b : 0 }'; }

udp_noports() { rexec server nstat -az -s UdpNoPorts | awk '$1 == "UdpNoPorts" { print $2 }'; }

trafgen_conf() {
	cat <<-'CFG'
		{
		  0x02, 0x00, 0x00, 0x00, 0x01, 0x01, 0x02, 0x00, 0x00, 0x00, 0x01, 0x02, 0x08, 0x00,
		  0x45, 0x00, c16(46), c16(0), c16(0), 64, 17, csumip(14, 33),
		  192, 0, 2, 2, 198, 51, 100, 2,
		  c16(40000), c16(9), c16(26), c16(0),
		  fill(0x41, 18),
		}
	CFG
}

# pps: forwarded packets per second that reached the server, trafgen running on the client.
pps() {
	local a b tg
	trafgen_conf >"$netns_work/udp.cfg"
	rexec client trafgen --dev eth0 --conf "$netns_work/udp.cfg" --cpus 1 -q >/dev/null 2>&1 &
	tg=$!
	sleep 1
	a="$(udp_noports)"
	sleep "$window"
	b="$(udp_noports)"
	signal_tree INT "$tg"
	wait "$tg" 2>/dev/null || true
	echo $(((b - a) / window))
}

# filter_up KIND N / filter_down KIND: N rules (the last allows) in the router.
filter_up() {
	local kind="$1" n="$2"
	case "$kind" in
	xgw-native | xgw-generic)
		attach_router c0 s0 --mode "${kind#xgw-}"
		rules "$n" xgw --allow-last >"$netns_work/t.rules"
		xgw_in router fw load "$netns_work/t.rules" >/dev/null
		;;
	nftables) rules "$n" nft --allow-last | rexec router nft -f - ;;
	iptables) rules "$n" ipt --allow-last | rexec router iptables-legacy-restore ;;
	esac
}

filter_down() {
	case "$1" in
	xgw-*) xgw_in router detach --all --purge >/dev/null ;;
	nftables) rexec router nft delete table ip xgwbench ;;
	iptables) rexec router iptables-legacy -F FORWARD ;;
	esac
}

throughput() {
	echo "== forwarded pps at the server (trafgen, 64-byte UDP, ${window} s window)"
	printf '%8s %12s %12s %12s %12s\n' rules xgw-native xgw-generic nftables iptables
	local n kind line
	declare -A got
	for n in 1 1000 10000; do
		line="$(printf '%8d' "$n")"
		for kind in xgw-native xgw-generic nftables iptables; do
			filter_up "$kind" "$n"
			got[$kind]="$(pps)"
			filter_down "$kind"
			line+="$(printf ' %12d' "${got[$kind]}")"
		done
		echo "$line   xgw-native/nftables x$(ratio "${got[xgw-native]}" "${got[nftables]}")," \
			"xgw-generic/nftables x$(ratio "${got[xgw-generic]}" "${got[nftables]}")," \
			"xgw-generic/iptables x$(ratio "${got[xgw-generic]}" "${got[iptables]}")"
	done
}

# seconds COMMAND...: wall time of the command.
seconds() {
	local t0
	t0="$(date +%s%N)"
	"$@" >/dev/null
	awk -v d="$(($(date +%s%N) - t0))" 'BEGIN { printf "%.3f", d / 1e9 }'
}

load_time() {
	echo "== time to load 10,000 rules"
	rules 10000 xgw >"$netns_work/l.xgw"
	rules 10000 nft >"$netns_work/l.nft"
	rules 10000 ipt >"$netns_work/l.ipt"
	attach_router c0 s0 --mode generic
	local x n i
	x="$(seconds xgw_in router fw load "$netns_work/l.xgw")"
	xgw_in router detach --all --purge >/dev/null
	n="$(seconds rexec router nft -f "$netns_work/l.nft")"
	rexec router nft delete table ip xgwbench
	i="$(seconds rexec router iptables-legacy-restore "$netns_work/l.ipt")"
	rexec router iptables-legacy -F FORWARD
	echo "xgw fw load ${x} s, nft -f ${n} s, iptables-legacy-restore ${i} s;" \
		"xgw/nft x$(ratio "$x" "$n"), xgw/iptables x$(ratio "$x" "$i")"
}

main() {
	lab_setup
	require_tools bpftool trafgen nstat iptables-legacy-restore
	echo "machine: $(nproc) vCPU, $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg)"
	per_packet
	throughput
	load_time
}

main "$@"
