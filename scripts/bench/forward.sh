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

# One frame: client -> router c0 MAC, 192.0.2.2:40000 -> 198.51.100.2:9 (closed), 18 bytes of payload.
write_frame() {
	cat >"$work/udp.cfg" <<-'EOF2'
		{
		  0x02, 0x00, 0x00, 0x00, 0x01, 0x01,
		  0x02, 0x00, 0x00, 0x00, 0x01, 0x02,
		  0x08, 0x00,
		  0x45, 0x00, const16(46), const16(0), 0x40, 0x00, 64, 17, csumip(14, 33),
		  192, 0, 2, 2, 198, 51, 100, 2,
		  const16(40000), const16(9), const16(26), const16(0),
		  fill(0x00, 18)
		}
	EOF2
}

rx_packets() { in_ns server ip -j -s link show dev eth0 | jq '.[0].stats64.rx.packets'; }

# measure LABEL: packets per second arriving at the server while trafgen runs.
measure() {
	in_ns client trafgen -o eth0 -i "$work/udp.cfg" -P 1 >/dev/null 2>&1 &
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

main() {
	[ "$(id -u)" -eq 0 ] || { echo "forward.sh: run as root" >&2; exit 4; }
	[ -x "$xgw" ] || { echo "forward.sh: no xgw at $xgw (build first)" >&2; exit 1; }
	trap cleanup EXIT
	bash "$root/scripts/lab.sh" --prefix "$prefix" up >/dev/null
	write_frame
	local kernel generic native ratio_g ratio_n
	kernel="$(measure)"
	"$xgw" --netns "${prefix}router" attach c0 s0 --mode generic --forward >/dev/null
	generic="$(measure)"
	"$xgw" --netns "${prefix}router" detach --all >/dev/null
	# Redirect into a veth needs the receiving peer's NAPI, which GRO turns on.
	in_ns server ethtool -K eth0 gro on >/dev/null
	"$xgw" --netns "${prefix}router" attach c0 s0 --mode native --forward >/dev/null
	native="$(measure)"
	"$xgw" --netns "${prefix}router" detach --all >/dev/null
	ratio_g="$(awk -v a="$generic" -v b="$kernel" 'BEGIN { printf "%.2f", b ? a / b : 0 }')"
	ratio_n="$(awk -v a="$native" -v b="$kernel" 'BEGIN { printf "%.2f", b ? a / b : 0 }')"
	printf '%-40s %10s pps\n' "kernel forwarding (no xgw)" "$kernel"
	printf '%-40s %10s pps  x%s\n' "xgw forwarding offload, XDP generic" "$generic" "$ratio_g"
	printf '%-40s %10s pps  x%s\n' "xgw forwarding offload, XDP native" "$native" "$ratio_n"
}

main "$@"
