#!/usr/bin/env bash
# xgw's own AoE target through XDP steering (generic mode) on the router's c0, checked by xgw's
# initiator the way vblade is (test_aoe_vblade.sh): discovery, IDENTIFY, sha256 round trips
# (48/28-bit), MTU 9000. Targets take their frames from AF_XDP sockets (the default) and one from
# AF_PACKET (--transport packet); steering counts what it delivered to the sockets. The
# allow-list refuses a foreign initiator (in XDP, counted as denied); two targets on one
# interface are steered apart; malformed AoE frames are counted by reason, those naming a target
# are answered by it with the AoE error, and the target keeps serving; unexport stops the target
# and removes its steering.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/aoe_lib.sh"

send_malformed() {
	local py
	py="$(scapy_python)"
	rexec client "$py" - <<-'PY'
		from scapy.all import Raw, sendp, conf
		conf.verb = 0
		eth = bytes.fromhex("020000000101" "020000000102" "88a2")
		frames = [
		    eth + bytes.fromhex("10000001"),                                  # ends inside the AoE header
		    eth + bytes.fromhex("2000000102010102030400000000"),              # version 2
		    eth + bytes.fromhex("1000000102090102030400000000"),              # command 9
		    eth + bytes.fromhex("100000010200010203040001"),                  # ATA arguments cut short
		    eth + bytes.fromhex("1000000102000102030401000234") + bytes(12) + bytes(512),  # write of 2 sectors, 1 sent
		]
		for f in frames:
		    sendp(Raw(f), iface="eth0")
	PY
}

main() {
	lab_setup
	require_tools sha256sum dd
	local image="$netns_work/disk.img" image2="$netns_work/disk2.img"
	truncate -s 32M "$image"
	truncate -s 16M "$image2"
	attach_router c0 --mode generic

	bg_in router "$XGW" aoe export 1 2 c0 "$image"
	aoe_wait_for 1.2
	# c0 has one queue, and 1.2's socket holds it: 1.3 falls back to AF_PACKET and says why.
	bg_in router "$XGW" aoe export 1 3 c0 "$image" -m 02:00:00:00:99:99 -r >"$netns_work/1.3.out"
	bg_in router "$XGW" aoe export 1 4 c0 "$image2" -b 32 --transport packet
	aoe_wait_for 1.4
	wait_until 10 "1.3 to start" grep -q "AF_XDP not used" "$netns_work/1.3.out"
	assert_contains "$(cat "$netns_work/1.3.out")" "one AF_XDP socket per queue" "why 1.3 is not on AF_XDP"
	aoe_check_discovery 1.2 65536
	aoe_check_discovery 1.4 32768
	assert_eq 32 "$(aoe_field 1.4 buffer_count)" "advertised buffer count of 1.4 (-b 32)"
	aoe_check_transport 1.2 c0 xsk af_xdp
	aoe_check_transport 1.3 c0 pass af_packet
	aoe_check_transport 1.4 c0 pass af_packet

	# Every request of a round trip through 1.2 is delivered to its AF_XDP socket by XDP.
	local steered
	steered="$(aoe_counter 1.2 steered)"
	aoe_check_roundtrip 1.2 "$image" 77 4096
	[ "$(aoe_counter 1.2 steered)" -ge "$((steered + 8192))" ] || fail "1.2's 8192 requests were not all steered to AF_XDP"
	aoe_check_roundtrip 1.2 "$image" 9000 64 --lba28
	# `aoe steer` moves a served target to the stack (its AF_PACKET socket serves) and back to
	# its AF_XDP socket, which it still holds.
	run xgw_in router aoe steer 1.2 c0 --to stack
	[ "$rc" -eq 0 ] || fail "aoe steer 1.2 c0 --to stack exited $rc: $out"
	local passed
	passed="$(aoe_counter 1.2 passed)"
	aoe_check_roundtrip 1.2 "$image" 5000 64
	[ "$(aoe_counter 1.2 passed)" -ge "$((passed + 128))" ] || fail "1.2's requests did not pass to the stack"
	sleep 1.2 # the target publishes its AF_XDP slot with its counters, once a second
	run xgw_in router aoe steer 1.2 c0 --to xsk
	[ "$rc" -eq 0 ] || fail "aoe steer 1.2 c0 --to xsk exited $rc: $out"
	aoe_check_transport 1.2 c0 xsk af_xdp
	steered="$(aoe_counter 1.2 steered)"
	aoe_check_roundtrip 1.2 "$image" 5000 64
	[ "$(aoe_counter 1.2 steered)" -ge "$((steered + 128))" ] || fail "1.2's requests did not go back to AF_XDP"
	run xgw_in router aoe steer 1.4 c0 --to xsk
	assert_eq 5 "$rc" "exit code of --to xsk for a target on AF_PACKET ($out)"
	# A deep window (512 requests in flight, 8 times the buffer count): write answers wait for
	# their batch's combined write, and every tag is answered, over AF_XDP and over AF_PACKET.
	aoe_check_roundtrip 1.2 "$image" 20000 2048 --window 512
	aoe_check_roundtrip 1.4 "$image2" 3000 1024 --window 512

	# The allow-list lives in XDP too: the client's requests to 1.3 are dropped and counted.
	local denied
	denied="$(aoe_counter 1.3 denied)"
	aoe_check_refused 1.3
	[ "$(aoe_counter 1.3 denied)" -gt "$denied" ] || fail "denied counter of 1.3 did not grow"

	# Two targets on one interface: traffic for 1.4 moves only 1.4's counters.
	local frames12 frames14
	sleep 1.2 # let the targets publish their counters
	frames12="$(aoe_counter 1.2 frames)" frames14="$(aoe_counter 1.4 frames)"
	aoe_check_roundtrip 1.4 "$image2" 100 1024
	assert_eq "$frames12" "$(aoe_counter 1.2 frames)" "frames counted for 1.2 during 1.4's traffic"
	[ "$(aoe_counter 1.4 frames)" -gt "$((frames14 + 1000))" ] || fail "1.4's frames were not counted"
	assert_eq 0 "$(aoe_counter 1.4 steered)" "frames of 1.4 (AF_PACKET) steered"

	# Malformed frames are counted by reason; the target keeps serving.
	local before after reason
	before="$(stats_json)"
	send_malformed
	after="$(stats_json)"
	for reason in aoe-truncated aoe-bad-version aoe-bad-command aoe-args-truncated aoe-write-data-short; do
		assert_eq 1 "$(($(stat_of "$after" c0 "ingress.reasons.$reason") - $(stat_of "$before" c0 "ingress.reasons.$reason")))" \
			"c0 $reason count"
	done
	aoe_check_roundtrip 1.2 "$image" 300 512
	# Refused in XDP, yet still answered: the targets send the AoE error, so initiators need not
	# time out (issue 27, item 4); 1.2 takes them through AF_XDP, 1.4 through AF_PACKET.
	aoe_check_malformed_answered 1.2
	aoe_check_malformed_answered 1.4

	aoe_check_jumbo 1.2 "$image" xsk

	run xgw_in router aoe unexport 1 2 c0
	[ "$rc" -eq 0 ] || fail "unexport exited $rc: $out"
	assert_eq "" "$(aoe_show_json | jq -r '.targets[] | select(.address == "1.2") | .address')" "1.2 listed after unexport"
	assert_eq "" "$(aoe_field 1.2 address)" "1.2 answering after unexport"
	pass
}

main "$@"
