#!/usr/bin/env bash
# Issue 27 items 1 and 5, with xgw attached: a refused duplicate export leaves the running
# target's steering, allow-list and counters alone; a running target registers again after
# detach + attach; a killed target that its parent has not reaped blocks no restart.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/aoe_lib.sh"

target_json() { aoe_show_json | jq -c --arg a "$1" '.targets[] | select(.address == $a and .interface == "c0")'; }

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

registered_again() {
	local image="$1" pid steered
	pid="$(target_json 1.2 | jq -r .export.pid)"
	xgw_in router detach c0 >/dev/null || fail "detach c0"
	attach_router c0 --mode generic
	wait_until 10 "1.2 registered again after detach + attach" \
		sh -c "\"$XGW\" --netns ${P}router aoe show --json | jq -e '.targets[] | select(.address == \"1.2\" and .export.pid == $pid and .action == \"xsk\")'"
	steered="$(aoe_counter 1.2 steered)"
	aoe_check_roundtrip 1.2 "$image" 300 256
	[ "$(aoe_counter 1.2 steered)" -ge "$((steered + 512))" ] || fail "1.2 not steered to AF_XDP after attach"
	run xgw_in router aoe unexport 1 2 c0
	[ "$rc" -eq 0 ] || fail "unexport after detach + attach exited $rc: $out"
	alive "$pid" && fail "target $pid still runs after unexport"
	log "5: a running target registers and steers again after detach + attach; unexport finds it"
}

unreaped_target() {
	local image="$1" pid
	# The shell that starts the target becomes sleep, which never reaps it: killed, it stays a zombie.
	bg_in router sh -c "\"$XGW\" aoe export 1 5 c0 '$image' --transport packet & exec sleep 600"
	aoe_wait_for 1.5
	pid="$(target_json 1.5 | jq -r .export.pid)"
	kill -9 "$pid"
	wait_until 5 "target $pid to be a zombie" test "$(awk '{ print $3 }' "/proc/$pid/stat")" = Z
	assert_eq false "$(target_json 1.5 | jq -r .export.running)" "running of the killed target"
	bg_in router "$XGW" aoe export 1 5 c0 "$image" --transport packet
	wait_until 10 "1.5 to be exported again" \
		sh -c "\"$XGW\" --netns ${P}router aoe show --json | jq -e '.targets[] | select(.address == \"1.5\" and .export.pid != $pid and .export.running)'"
	aoe_check_roundtrip 1.5 "$image" 700 64
	log "5: a killed, unreaped target blocks no restart (aoe show: running false)"
}

main() {
	lab_setup
	require_tools sha256sum dd truncate
	local image="$netns_work/disk.img"
	truncate -s 32M "$image"
	attach_router c0 --mode generic
	refused_duplicate "$image"
	registered_again "$image"
	unreaped_target "$image"
	pass
}

main "$@"
