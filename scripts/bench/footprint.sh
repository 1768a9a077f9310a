#!/usr/bin/env bash
# Kernel memory locked by xgw's maps (sum of bytes_memlock over `bpftool -j map show`, after
# minus before), for: nothing configured, 1 rule, 10k rules, NAT configured, 100k flows capacity;
# and beside it xdp-filter and nftables for the same work where they are installed.
# Every figure is taken in a throwaway namespace with one veth pair, XDP in generic mode (native
# XDP on veth is refused on the machines this runs on). The machine may be shared: the delta is
# the maps that appeared during the step, by id, so other builders' maps do not count.
# Usage: scripts/bench/footprint.sh   (root; run scripts/build.sh first)
set -euo pipefail
cd "$(dirname "$0")/../.."
readonly xgw="${XGW:-build/xgw}" ns="xfp$$"
[ -x "$xgw" ] || { echo "footprint: $xgw missing (run scripts/build.sh)" >&2; exit 1; }

cleanup() {
	ip netns del "$ns" 2>/dev/null || true
	rm -f "/tmp/$ns".*
}
trap cleanup EXIT

# nsenter, not `ip netns exec`: that gives the command a private /sys without the host's bpffs,
# where xdp-filter finds no BPF working directory.
in_ns() { nsenter --net="/run/netns/$ns" "$@"; }
# id<TAB>bytes_memlock of every map on the machine.
maps() { bpftool -j map show | jq -r '.[] | "\(.id)\t\(.bytes_memlock // 0)"' | sort; }
# Bytes locked by maps present now and absent from snapshot file $1.
delta() {
	maps | join -t $'\t' -v 1 - "$1" | awk -F'\t' '{ s += $2 } END { print s + 0 }'
}
mb() { awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1048576 }'; }

fresh_ns() {
	ip netns del "$ns" 2>/dev/null || true
	ip netns add "$ns"
	in_ns ip link add v0 type veth peer name v1
	in_ns ip link set v0 up
	in_ns ip link set v1 up
}

# Runs "$@" (a setup step) in a fresh namespace and prints the bytes it locked.
measure() {
	fresh_ns
	maps >"/tmp/$ns.before"
	"$@" >/dev/null
	delta "/tmp/$ns.before"
	"$xgw" --netns "$ns" detach --all --purge >/dev/null 2>&1 || true
}

rules() { python3 scripts/bench/fw_rules.py rules "$1" xgw >"/tmp/$ns.rules"; }

xgw_none() { "$xgw" --netns "$ns" attach v0 --mode generic; }
xgw_rules() {
	xgw_none
	"$xgw" --netns "$ns" fw load --allow-empty "/tmp/$ns.rules"
}
xgw_nat() {
	xgw_none
	"$xgw" --netns "$ns" nat masquerade v0
}
xgw_flows() { "$xgw" --netns "$ns" attach v0 --mode generic --flows 100000; }

filter_none() { in_ns xdp-filter load -m skb v0; }
filter_rules() {
	filter_none
	local i
	for ((i = 0; i < $1; i++)); do
		in_ns xdp-filter ip "10.$(((i >> 8) & 255)).$((i & 255)).1" -m src
	done
}
nft_rules() {
	python3 scripts/bench/fw_rules.py rules "$1" nft >"/tmp/$ns.nft"
	in_ns nft -f "/tmp/$ns.nft"
}

row() {
	local what="$1" ours="$2" theirs="${3:-}" name="${4:-}"
	if [ -n "$theirs" ] && [ "$theirs" -gt 0 ]; then
		printf '%-22s %12s   %-11s %12s   x%s\n' "$what" "$(mb "$ours")" "$name" "$(mb "$theirs")" \
			"$(awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "%.2f", a / b }')"
	else
		printf '%-22s %12s\n' "$what" "$(mb "$ours")"
	fi
}

have() { command -v "$1" >/dev/null; }
echo "mode: XDP generic (veth), $(uname -r)"
printf '%-22s %12s   %-11s %12s   %s\n' "case" "xgw" "other" "locked" "xgw/other"
none="$(measure xgw_none)"
f_none=""
have xdp-filter && f_none="$(measure filter_none)"
row "nothing configured" "$none" "$f_none" xdp-filter

rules 1
one="$(measure xgw_rules)"
f_one=""
have xdp-filter && f_one="$(measure filter_rules 1)"
row "1 rule" "$one" "$f_one" xdp-filter

rules 10000
tenk="$(measure xgw_rules)"
# nftables keeps its rules in ordinary kernel allocations, not BPF maps: no figure to compare.
row "10k rules" "$tenk"

row "NAT configured" "$(measure xgw_nat)"
row "100k flows capacity" "$(measure xgw_flows)"
