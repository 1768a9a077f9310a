#!/usr/bin/env bash
# `xgw aoe steer` for targets xgw does not serve (Debian's vblade): on the router's c0, steering
# to the stack with an allow-list refuses a foreign initiator in XDP and counts it, and admits
# the client, whose requests vblade answers (sha256 round trip, counted as passed), malformed
# ones with AoE errors; cpu 0 and drop; delete. The router as an AoE switch: a vblade on the
# storage segment (server) reached from the client segment by redirect entries both ways. Bad
# input exits with its code and changes nothing. Counters in `aoe show --json` and Prometheus.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/aoe_lib.sh"

steer() {
	run xgw_in router aoe steer "$@"
	[ "$rc" -eq 0 ] || fail "aoe steer $* exited $rc: $out"
}

# steer_refused CODE ARGS...: the command exits CODE and the table stays as it was.
steer_refused() {
	local code="$1" before
	shift
	before="$(aoe_show_json | jq -c '[.targets[] | {address, interface, to, allow}]')"
	run xgw_in router aoe steer "$@"
	assert_eq "$code" "$rc" "exit code of aoe steer $* ($out)"
	assert_eq "$before" "$(aoe_show_json | jq -c '[.targets[] | {address, interface, to, allow}]')" \
		"steering table after the refused aoe steer $*"
}

# read_refused ADDRESS: the client's lookup of ADDRESS gets no answer (its query dropped in XDP).
# Discovery by wildcard still reaches vblade: it goes to the stack, where vblade has no list.
read_refused() {
	run aoe_ini read eth0 "$1" --count 1 --retries 1 --timeout 100
	assert_eq 3 "$rc" "exit code of a read from target $1, which refuses us"
}

steer_to() {
	aoe_show_json | jq -r --arg a "$1" --arg i "${2:-c0}" '.targets[] | select(.address == $a and .interface == $i) | .to'
}

main() {
	lab_setup
	require_tools vblade sha256sum dd
	local image="$netns_work/disk.img" far="$netns_work/far.img" n
	truncate -s 16M "$image"
	truncate -s 16M "$far"
	attach_router c0 s0 --mode generic
	bg_in router vblade -b 16 3 1 c0 "$image"
	aoe_wait_for 3.1

	steer_refused 2 3.1 c0 --to bogus
	steer_refused 2 3.1 c0 --to cpu
	steer_refused 2 3.1 c0 --to cpu 100000
	steer_refused 2 3.1 c0 --to stack -m 02:00:00:00:99
	steer_refused 2 3.255 c0 --to stack
	steer_refused 2 3.1 c0 --to redirect c0
	steer_refused 3 3.1 c0 --to redirect nosuch0
	steer_refused 3 3.1 nosuch0 --to stack
	steer_refused 3 3.1 c0 --to xsk
	steer_refused 3 delete 3.1 c0

	# An allow-list without the client: its requests are dropped in XDP and counted as denied.
	steer 3.1 c0 --to stack -m 02:00:00:00:99:99
	assert_eq stack "$(steer_to 3.1)" "steering of 3.1"
	read_refused 3.1
	[ "$(aoe_counter 3.1 denied)" -gt 0 ] || fail "the foreign initiator's requests to 3.1 were not counted as denied"

	# Admitted, the client reaches vblade through the stack; every request is counted as passed.
	steer 3.1 c0 --to stack -m "$client_mac"
	assert_eq "$client_mac" "$(aoe_show_json | jq -r '.targets[] | select(.address == "3.1") | .allow[0]')" "allow-list of 3.1"
	n="$(aoe_counter 3.1 passed)"
	aoe_check_roundtrip 3.1 "$image" 100 256
	[ "$(aoe_counter 3.1 passed)" -ge "$((n + 512))" ] || fail "the round trip's 512 requests to 3.1 were not all counted as passed"
	# Refused by XDP's checks, a malformed request still reaches vblade, which answers it as it
	# does without xgw (vblade ignores a version other than 1).
	assert_eq "bad-version none
bad-command 1
write-short 2" "$(aoe_malformed_answers 3.1)" "vblade's answers to malformed requests"

	# A new action keeps the allow-list; cpu 0 hands the frames to the stack on CPU 0.
	steer 3.1 c0 --to cpu 0
	assert_eq "cpu 0" "$(steer_to 3.1)" "steering of 3.1"
	assert_eq "$client_mac" "$(aoe_show_json | jq -r '.targets[] | select(.address == "3.1") | .allow[0]')" "allow-list of 3.1 after a new action"
	n="$(aoe_counter 3.1 steered)"
	aoe_check_roundtrip 3.1 "$image" 2000 256
	[ "$(aoe_counter 3.1 steered)" -ge "$((n + 512))" ] || fail "3.1's requests were not steered to CPU 0"

	steer 3.1 c0 --to drop
	n="$(aoe_counter 3.1 dropped)"
	read_refused 3.1
	[ "$(aoe_counter 3.1 dropped)" -gt "$n" ] || fail "requests to 3.1 were not counted as dropped"

	steer delete 3.1 c0
	assert_eq "" "$(steer_to 3.1)" "steering of 3.1 after delete"
	aoe_check_roundtrip 3.1 "$image" 3000 64

	# The router as an AoE switch: vblade on the server's segment, reached from the client's.
	bg_in server vblade -b 16 4 1 eth0 "$far"
	steer 4.1 c0 --to redirect s0
	steer 4.1 s0 --to redirect c0
	assert_eq "redirect s0" "$(steer_to 4.1 c0)" "steering of 4.1 on c0"
	# Discovery by wildcard stays on its segment (it goes to the stack); a query for 4.1 itself
	# is steered like any request for it.
	wait_until 10 "4.1 to answer through the switch" aoe_ini identify eth0 4.1
	aoe_check_roundtrip 4.1 "$far" 500 512
	[ "$(aoe_counter 4.1 steered c0)" -ge 1024 ] || fail "requests to 4.1 were not redirected to s0"
	[ "$(aoe_counter 4.1 responses s0)" -ge 1024 ] || fail "answers of 4.1 were not redirected back to c0"

	xgw_in router stats --prometheus >"$netns_work/metrics"
	grep -q '^xgw_aoe_target_total{interface="c0",target="4.1",action="redirect",counter="steered"} [1-9]' \
		"$netns_work/metrics" || fail "no AoE steering counters in the Prometheus text"
	if command -v promtool >/dev/null; then
		promtool check metrics <"$netns_work/metrics" >/dev/null 2>&1 ||
			fail "promtool refuses the metrics: $(promtool check metrics <"$netns_work/metrics" 2>&1 | head -5)"
	fi
	pass
}

main "$@"
