#!/usr/bin/env bash
# Pings (IPv4 and IPv6) from client to server pass through xgw on the router's
# c0 and s0, and every counter grows by exactly what was sent: ten requests in
# on c0 and out on s0, ten replies in on s0 and out on c0, each of its frame size.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly count=10

# ping_and_count FAMILY DEST FRAME_BYTES
ping_and_count() {
	local family="$1" dest="$2" frame="$3" dir iface
	traffic_begin
	rexec client ping "-$family" -c "$count" -i 0.01 -W 2 -q "$dest" >/dev/null ||
		fail "IPv$family ping to $dest lost packets"
	traffic_end
	for iface in c0 s0; do
		for dir in ingress egress; do
			assert_eq "$count" "$(delta "$traffic_before" "$traffic_after" "$iface" "$dir.verdicts.pass.packets")" \
				"IPv$family $iface $dir pass packets"
			assert_eq $((count * frame)) "$(delta "$traffic_before" "$traffic_after" "$iface" "$dir.verdicts.pass.bytes")" \
				"IPv$family $iface $dir pass bytes"
		done
	done
	log "IPv$family: $count pings, counters exact"
}

main() {
	lab_setup
	require_tools ping tcpdump
	attach_router c0 s0
	# Ethernet 14 + IPv4 20 + ICMP 8 + 56 data; Ethernet 14 + IPv6 40 + ICMPv6 8 + 56 data.
	ping_and_count 4 "$server4" 98
	ping_and_count 6 "$server6" 118
	pass
}

main "$@"
