#!/usr/bin/env bash
# UDP datagrams sent with nc (IPv4 and IPv6) from client to server pass
# through xgw on the router, and each counts once at its exact frame size.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly port=5001 count=5 payload=100

# datagrams FAMILY DEST FRAME_BYTES
datagrams() {
	local family="$1" dest="$2" frame="$3" got="$netns_work/got-$1" i
	traffic_begin
	bg_in server nc "-$family" -d -u -l "$port" >"$got"
	wait_until 5 "nc listening on udp $port" listening server udp "$port"
	# One nc per datagram, all from one source port: the server's nc answers
	# only the first peer it hears.
	for ((i = 0; i < count; i++)); do
		head -c "$payload" /dev/zero | tr '\0' x |
			rexec client nc "-$family" -u -q 0 -p 40001 "$dest" "$port" ||
			fail "IPv$family nc client failed"
	done
	wait_until 5 "$((count * payload)) bytes at the server" test "$(stat -c %s "$got")" -eq $((count * payload))
	traffic_end
	local iface
	for iface in c0:ingress s0:egress; do
		assert_eq "$count" "$(delta "$traffic_before" "$traffic_after" "${iface%:*}" "${iface#*:}.verdicts.pass.packets")" \
			"IPv$family ${iface/:/ } pass packets"
		assert_eq $((count * frame)) "$(delta "$traffic_before" "$traffic_after" "${iface%:*}" "${iface#*:}.verdicts.pass.bytes")" \
			"IPv$family ${iface/:/ } pass bytes"
	done
	for iface in c0:egress s0:ingress; do
		assert_eq 0 "$(delta "$traffic_before" "$traffic_after" "${iface%:*}" "${iface#*:}.verdicts.pass.packets")" \
			"IPv$family ${iface/:/ } pass packets (nothing flows back)"
	done
	stop_bg
	log "IPv$family: $count datagrams of $payload bytes, counters exact"
}

main() {
	lab_setup
	require_tools nc tcpdump
	attach_router c0 s0
	# Ethernet 14 + IPv4 20 + UDP 8 + payload; IPv6 header is 40.
	datagrams 4 "$server4" $((14 + 20 + 8 + payload))
	datagrams 6 "$server6" $((14 + 40 + 8 + payload))
	pass
}

main "$@"
