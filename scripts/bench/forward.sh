#!/usr/bin/env bash
# Lab forwarding rate: the kernel's own IPv4 forwarding against xgw's XDP
# forwarding offload (generic and native), in one run. trafgen on the client
# sends 64-byte UDP frames to a closed port of the server without pause; the
# rate is what the server's eth0 received, read twice (MACHINE.md: time the
# receiver, never the sender).
#
#   scripts/bench/forward.sh [SECONDS]      (default 5 per configuration)
set -euo pipefail

readonly root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
readonly seconds="${1:-5}" prefix="xb-fwd-"
readonly xgw="${XGW:-$root/build/xgw}"
work="$(mktemp -d /tmp/xgw-bench-forward.XXXXXX)"
# shellcheck source=lab_rate.sh
source "$root/scripts/bench/lab_rate.sh"

cleanup() {
	[ -z "$sender" ] || signal_tree INT "$sender"
	bash "$root/scripts/lab.sh" --prefix "$prefix" down >/dev/null 2>&1 || true
	rm -rf "$work"
}

main() {
	[ "$(id -u)" -eq 0 ] || { echo "forward.sh: run as root" >&2; exit 4; }
	[ -x "$xgw" ] || { echo "forward.sh: no xgw at $xgw (build first)" >&2; exit 1; }
	trap cleanup EXIT
	bash "$root/scripts/lab.sh" --prefix "$prefix" up >/dev/null
	frame udp "const16(40000)" "const16(9)"
	local kernel generic native ratio_g ratio_n
	kernel="$(measure udp)"
	"$xgw" --netns "${prefix}router" attach c0 s0 --mode generic --forward >/dev/null
	generic="$(measure udp)"
	"$xgw" --netns "${prefix}router" detach --all --purge >/dev/null
	# Redirect into a veth needs the receiving peer's NAPI, which GRO turns on.
	in_ns server ethtool -K eth0 gro on >/dev/null
	"$xgw" --netns "${prefix}router" attach c0 s0 --mode native --forward >/dev/null
	native="$(measure udp)"
	"$xgw" --netns "${prefix}router" detach --all --purge >/dev/null
	ratio_g="$(ratio "$generic" "$kernel")"
	ratio_n="$(ratio "$native" "$kernel")"
	printf '%-40s %10s pps\n' "kernel forwarding (no xgw)" "$kernel"
	printf '%-40s %10s pps  x%s\n' "xgw forwarding offload, XDP generic" "$generic" "$ratio_g"
	printf '%-40s %10s pps  x%s\n' "xgw forwarding offload, XDP native" "$native" "$ratio_n"
}

main "$@"
