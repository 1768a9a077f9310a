#!/usr/bin/env bash
# xgw's AoE target on AF_XDP with xgw attached in native mode on the router's c0: the socket
# binds (copy mode on veth), steering delivers every request to it, data round-trips. (Native XDP
# on veth caps the MTU near 3.5 KB; test_aoe_target.sh covers MTU 9000 in generic mode.) Where no
# XDP program can fill a socket (s0), --transport xsk refuses and auto falls back to AF_PACKET
# saying why. A target killed without cleanup leaves no black hole: its stale xsk entry passes
# frames to the stack, where vblade takes over the address. A vblade beside the xgw target on
# the same interface still answers discovery.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/aoe_lib.sh"

check_fallback() {
	local image="$1"
	run xgw_in router aoe export 5 5 s0 "$image" --transport xsk
	assert_eq 5 "$rc" "exit code of --transport xsk on s0, which has no XDP"
	assert_contains "$out" "no XDP program runs on s0" "refusal of --transport xsk on s0"
	bg_in router "$XGW" aoe export 5 6 s0 "$image" >"$netns_work/fallback.out"
	wait_until 10 "the fallback target on s0 to start" grep -q "AF_XDP not used" "$netns_work/fallback.out"
	assert_contains "$(cat "$netns_work/fallback.out")" "over AF_PACKET" "transport of the fallback target"
	assert_contains "$(cat "$netns_work/fallback.out")" "no XDP program runs on s0" "reason of the fallback"
	aoe_check_transport 5.6 s0 pass af_packet
}

main() {
	lab_setup
	require_tools vblade sha256sum dd
	local image="$netns_work/disk.img"
	truncate -s 32M "$image"
	# Native mode on a veth is refused where the kernel refuses XDP metadata (exit 5, with
	# the reason): the socket then binds in generic mode, which this test checks instead.
	local mode=native
	run xgw_in router attach c0 --mode native
	if [ "$rc" -eq 5 ] && [[ "$out" == *"refuses"* ]]; then
		log "native XDP refused on this kernel ($out): generic"
		mode=generic
	fi
	attach_router c0 --mode "$mode"
	check_fallback "$image"

	bg_in router "$XGW" aoe export 1 2 c0 "$image" --transport xsk >"$netns_work/xsk.out"
	aoe_wait_for 1.2
	assert_contains "$(cat "$netns_work/xsk.out")" "over AF_XDP (copy mode, XDP $mode, queue 0" "transport of 1.2"
	aoe_check_transport 1.2 c0 xsk af_xdp
	aoe_check_discovery 1.2 65536
	# A vblade beside the steered target still hears discovery (the wildcard goes to the stack).
	truncate -s 8M "$netns_work/other.img"
	bg_in router vblade 1 3 c0 "$netns_work/other.img"
	aoe_wait_for 1.3
	aoe_wait_for 1.2
	local steered
	steered="$(aoe_counter 1.2 steered)"
	aoe_check_roundtrip 1.2 "$image" 77 4096
	[ "$(aoe_counter 1.2 steered)" -ge "$((steered + 8192))" ] || fail "1.2's 8192 requests were not all steered to AF_XDP"

	local pid
	pid="$(aoe_show_json | jq -r '.targets[] | select(.address == "1.2") | .export.pid')"
	kill -9 "$pid"
	bg_in router vblade 1 2 c0 "$image"
	aoe_wait_for 1.2
	steered="$(aoe_counter 1.2 steered)"
	aoe_check_roundtrip 1.2 "$image" 500 256
	assert_eq xsk "$(aoe_show_json | jq -r '.targets[] | select(.address == "1.2") | .action')" "stale action of 1.2"
	assert_eq "$steered" "$(aoe_counter 1.2 steered)" "frames steered to the dead target's socket"
	pass
}

main "$@"
