#!/usr/bin/env bash
# NAT in the lab, in one run: forwarding rate through masquerade, xgw against nftables
# masquerade (and plain forwarding for reference), then xgw with the XDP forwarding offload
# (NAT done in XDP, the stack bypassed), for one established flow and for new
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
# shellcheck source=lab_rate.sh
source "$root/scripts/bench/lab_rate.sh"

cleanup() {
	[ -z "$sender" ] || signal_tree INT "$sender"
	bash "$root/scripts/lab.sh" --prefix "$prefix" down >/dev/null 2>&1 || true
	rm -rf "$work"
}

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

# row LABEL ONE NEW: one configuration's rates.
row() { printf '%-34s %10s pps %10s pps\n' "$1" "$2" "$3"; }

main() {
	[ "$(id -u)" -eq 0 ] || { echo "nat.sh: run as root" >&2; exit 4; }
	[ -x "$xgw" ] || { echo "nat.sh: no xgw at $xgw (build first)" >&2; exit 1; }
	trap cleanup EXIT
	bash "$root/scripts/lab.sh" --prefix "$prefix" up >/dev/null
	frame one "const16(40000)" "const16(9)"
	frame new "drnd(), drnd()" "drnd(), drnd()"
	local plain_one plain_new nft_one nft_new xgw_one xgw_new off_one off_new
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
	"$xgw" --netns "${prefix}router" attach c0 s0 --forward >/dev/null
	off_one="$(measure one)"
	off_new="$(measure new)"
	"$xgw" --netns "${prefix}router" nat show --json | jq -r '"xgw bindings after the run: \(.flows | length) live; counters: \(.counters)"'
	"$xgw" --netns "${prefix}router" detach --all --purge >/dev/null
	printf '%-34s %14s %14s\n' "forwarding through masquerade" "one flow" "new flows"
	row "no NAT (kernel forwarding)" "$plain_one" "$plain_new"
	row "nftables masquerade" "$nft_one" "$nft_new"
	row "xgw masquerade (XDP generic + tc)" "$xgw_one" "$xgw_new"
	row "xgw masquerade, forwarding offload" "$off_one" "$off_new"
	printf '%-34s %14s %14s\n' "xgw / nftables" "x$(ratio "$xgw_one" "$nft_one")" "x$(ratio "$xgw_new" "$nft_new")"
	printf '%-34s %14s %14s\n' "xgw offload / nftables" "x$(ratio "$off_one" "$nft_one")" "x$(ratio "$off_new" "$nft_new")"
	echo
	"$bench"
}

main "$@"
