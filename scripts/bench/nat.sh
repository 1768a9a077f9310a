#!/usr/bin/env bash
# NAT in the lab, in one run: forwarding rate through masquerade, xgw against nftables
# masquerade (and plain forwarding for reference), for one established flow and for new
# flows (random ports: nearly every frame starts one); then the per-packet cost of an
# established translated flow from BPF_PROG_TEST_RUN. trafgen on the client sends 64-byte
# UDP frames without pause; a rate is what the server's eth0 received, read twice
# (MACHINE.md: time the receiver, never the sender).
#
#   scripts/bench/nat.sh [SECONDS]      (default 5 per configuration)
set -euo pipefail

readonly root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
readonly seconds="${1:-5}" prefix="xb-nat-"
readonly xgw="${XGW:-$root/build/xgw}" bench="${XGW_NAT_BENCH:-$root/build/tests/xgw_nat_bench}"
work="$(mktemp -d /tmp/xgw-bench-nat.XXXXXX)"
sender=""

in_ns() {
	local ns="$1"
	shift
	nsenter --net="/run/netns/${prefix}$ns" -- "$@"
}

cleanup() {
	[ -z "$sender" ] || kill "$sender" 2>/dev/null || true
	bash "$root/scripts/lab.sh" --prefix "$prefix" down >/dev/null 2>&1 || true
	rm -rf "$work"
}

# frame NAME SPORT DPORT: client -> router c0 MAC, 192.0.2.2 -> 198.51.100.2, UDP, checksum 0.
frame() {
	cat >"$work/$1.cfg" <<-EOF2
		{
		  0x02, 0x00, 0x00, 0x00, 0x01, 0x01,
		  0x02, 0x00, 0x00, 0x00, 0x01, 0x02,
		  0x08, 0x00,
		  0x45, 0x00, const16(46), const16(0), 0x40, 0x00, 64, 17, csumip(14, 33),
		  192, 0, 2, 2, 198, 51, 100, 2,
		  $2, $3, const16(26), const16(0),
		  fill(0x00, 18)
		}
	EOF2
}

rx_packets() { in_ns server ip -j -s link show dev eth0 | jq '.[0].stats64.rx.packets'; }

# measure FRAME: packets per second arriving at the server while trafgen sends FRAME.
measure() {
	in_ns client trafgen -o eth0 -i "$work/$1.cfg" -P 1 >/dev/null 2>&1 &
	sender=$!
	sleep 1
	local a b
	a="$(rx_packets)"
	sleep "$seconds"
	b="$(rx_packets)"
	kill "$sender" 2>/dev/null || true
	wait "$sender" 2>/dev/null || true
	sender=""
	echo $(((b - a) / seconds))
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b ? a / b : 0 }'; }

nft_masquerade() {
	in_ns router nft -f - <<-'EOF2'
		table ip xb_nat {
			chain post {
				type nat hook postrouting priority srcnat; policy accept;
				oifname "s0" ip saddr 192.0.2.0/24 masquerade
			}
		}
	EOF2
}

# row LABEL ONE NEW: one configuration's rates, with ratios to nftables.
row() { printf '%-34s %10s pps %10s pps\n' "$1" "$2" "$3"; }

main() {
	[ "$(id -u)" -eq 0 ] || { echo "nat.sh: run as root" >&2; exit 4; }
	[ -x "$xgw" ] || { echo "nat.sh: no xgw at $xgw (build first)" >&2; exit 1; }
	trap cleanup EXIT
	bash "$root/scripts/lab.sh" --prefix "$prefix" up >/dev/null
	frame one "const16(40000)" "const16(9)"
	frame new "drnd(), drnd()" "drnd(), drnd()"
	local plain_one plain_new nft_one nft_new xgw_one xgw_new
	plain_one="$(measure one)"
	plain_new="$(measure new)"
	nft_masquerade
	nft_one="$(measure one)"
	nft_new="$(measure new)"
	in_ns router nft delete table ip xb_nat
	in_ns router conntrack -F >/dev/null 2>&1 || true
	"$xgw" --netns "${prefix}router" attach c0 s0 --mode generic >/dev/null
	"$xgw" --netns "${prefix}router" nat masquerade s0 from 192.0.2.0/24 >/dev/null
	xgw_one="$(measure one)"
	xgw_new="$(measure new)"
	"$xgw" --netns "${prefix}router" nat show --json | jq -r '"xgw bindings after the run: \(.flows | length) live; counters: \(.counters)"'
	"$xgw" --netns "${prefix}router" detach --all >/dev/null
	printf '%-34s %14s %14s\n' "forwarding through masquerade" "one flow" "new flows"
	row "no NAT (kernel forwarding)" "$plain_one" "$plain_new"
	row "nftables masquerade" "$nft_one" "$nft_new"
	row "xgw masquerade (XDP generic + tc)" "$xgw_one" "$xgw_new"
	printf '%-34s %14s %14s\n' "xgw / nftables" "x$(ratio "$xgw_one" "$nft_one")" "x$(ratio "$xgw_new" "$nft_new")"
	echo
	"$bench"
}

main "$@"
