#!/usr/bin/env bash
# Issue 27 items 3 and 5: an AF_PACKET target survives its interface's MTU going down under
# load (it used to exit on "Message too long"), and aoe write --lba28 refuses sectors that 28
# bits cannot reach instead of quietly sending the 48-bit command.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/aoe_lib.sh"

# alive PID: runs and is not a zombie.
alive() { [ -e "/proc/$1" ] && [ "$(awk '{ print $3 }' "/proc/$1/stat")" != Z ]; }

refused_duplicate() {
	local image="$1" before after steered
	bg_in router "$XGW" aoe export 1 2 c0 "$image" -m "$client_mac"
	aoe_wait_for 1.2
	before="$(target_json 1.2)"
	run xgw_in router aoe export 1 2 c0 "$image"
	[ "$rc" -eq 6 ] || fail "duplicate export exited $rc (wanted 6): $out"
	assert_contains "$out" "already exported here" "duplicate export message"
	after="$(target_json 1.2)"
	assert_eq "$(jq -c '[.action, .macs, .export.pid, .export.transport]' <<<"$before")" \
		"$(jq -c '[.action, .macs, .export.pid, .export.transport]' <<<"$after")" \
		"1.2's steering, allow-list and registration after a refused duplicate"
	aoe_check_transport 1.2 c0 xsk af_xdp
	steered="$(aoe_counter 1.2 steered)"
	aoe_check_roundtrip 1.2 "$image" 100 256
	[ "$(aoe_counter 1.2 steered)" -ge "$((steered + 512))" ] || fail "1.2's requests not steered after the refused duplicate"
	log "1: a refused duplicate export leaves the running target's steering, allow-list and counters"
}

lba28_limit() {
	local big="$netns_work/big.img"
	truncate -s 129G "$big" # sparse: 2^28 sectors is 128 GiB
	bg_in router "$XGW" aoe export 1 7 c0 "$big" --transport packet
	aoe_wait_for 1.7
	head -c 4096 /dev/urandom >"$netns_work/8s"
	run aoe_ini write eth0 1.7 --lba 268435456 --file "$netns_work/8s" --lba28
	[ "$rc" -eq 2 ] || fail "--lba28 write at LBA 2^28 exited $rc (wanted 2): $out"
	assert_contains "$out" "--lba28" "message of a write past 28 bits"
	run aoe_ini write eth0 1.7 --lba 268435452 --file "$netns_work/8s" --lba28
	[ "$rc" -eq 2 ] || fail "--lba28 write across 2^28-1 exited $rc (wanted 2): $out"
	assert_eq 0 "$(du -k "$big" | cut -f1)" "blocks written to the image by refused writes"
	aoe_check_roundtrip 1.7 "$big" 268435440 4 --lba28
	aoe_check_roundtrip 1.7 "$big" 268435456 4
	log "5: --lba28 refuses sectors past 2^28-1 (exit 2, nothing sent); the EXT commands reach them"
}

mtu_down_under_load() {
	local image="$1" pid
	aoe_set_mtu 9000
	bg_in router "$XGW" aoe export 1 6 c0 "$image" --transport packet
	pid=$!
	aoe_wait_for 1.6
	# The target reads the MTU once a second: its answers grow to 17 sectors.
	wait_until 5 "1.6 to offer 17 sectors per frame" test "$(aoe_field 1.6 sectors_per_frame)" = 17
	bg_in client sh -c "while [ ! -e '$netns_work/stop' ]; do
		if \"$XGW\" aoe read eth0 1.6 --count 4096 --file /dev/null --timeout 100 --retries 2 >/dev/null 2>&1
		then touch '$netns_work/read-ok'; else touch '$netns_work/read-failed'; fi; done"
	wait_until 10 "reads from 1.6 under way" test -e "$netns_work/read-ok"
	# Only the target's side: the client's small read requests still arrive, and the answers
	# the target sized for 9000 no longer fit its own interface.
	rexec router ip link set dev c0 mtu 1500
	wait_until 10 "a read that the lower MTU broke" test -e "$netns_work/read-failed"
	touch "$netns_work/stop"
	wait "${netns_bg_pids[-1]}" || fail "the read loop failed"
	alive "$pid" || fail "target 1.6 exited when the MTU went down under load"
	aoe_set_mtu 1500
	aoe_check_roundtrip 1.6 "$image" 1000 512
	alive "$pid" || fail "target 1.6 gone after the MTU change"
	log "3: an AF_PACKET target survives its MTU going down under load and serves on"
}

main() {
	lab_setup
	require_tools sha256sum dd truncate du
	local image="$netns_work/disk.img"
	truncate -s 32M "$image"
	lba28_limit
	mtu_down_under_load "$image"
	pass
}

main "$@"
