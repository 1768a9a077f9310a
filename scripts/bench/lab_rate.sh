# shellcheck shell=bash
# Sourced by the lab rate benchmarks (forward.sh, nat.sh): frames for trafgen on the client and
# the rate the server receives them at. The caller sets prefix, seconds and work, and stops
# $sender in its cleanup.
sender=""
# shellcheck source=signal_tree.sh
source "$(dirname "${BASH_SOURCE[0]}")/signal_tree.sh"

in_ns() {
	local ns="$1"
	shift
	nsenter --net="/run/netns/${prefix}$ns" -- "$@"
}

# frame NAME SPORT DPORT: client -> router c0 MAC, 192.0.2.2 -> 198.51.100.2, UDP with
# checksum 0 and 18 bytes of payload (64-byte frames). SPORT/DPORT are trafgen expressions.
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

# measure FRAME: packets per second arriving at the server while trafgen sends FRAME without
# pause (MACHINE.md: time the receiver, never the sender).
measure() {
	# exec: $! must be trafgen itself; a backgrounded function is a subshell, and signalling
	# it leaves trafgen sending through every later measurement.
	(exec nsenter --net="/run/netns/${prefix}client" -- trafgen -o eth0 -i "$work/$1.cfg" -P 1) \
		>/dev/null 2>&1 &
	sender=$!
	sleep 1
	local a b
	a="$(rx_packets)"
	sleep "$seconds"
	b="$(rx_packets)"
	signal_tree INT "$sender"
	wait "$sender" 2>/dev/null || true
	sender=""
	echo $(((b - a) / seconds))
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b ? a / b : 0 }'; }
