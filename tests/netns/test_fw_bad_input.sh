#!/usr/bin/env bash
# A ruleset with a syntax error changes nothing: `xgw fw load` exits 2 naming file:line:column,
# and `fw show` is the same before and after. `load --confirm-timeout` rolls back by itself
# unless `xgw fw confirm` comes in time.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=fw_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/fw_lib.sh"

# confirm_load FILE: `fw load --confirm-timeout 2`. Its output goes to a file: the watchdog it
# leaves behind keeps the output open, so $(...) would wait out the timeout.
confirm_load() {
	xgw_in router fw load --confirm-timeout 2 "$1" >"$netns_work/confirm.out" 2>&1 ||
		fail "fw load --confirm-timeout: $(cat "$netns_work/confirm.out")"
}

main() {
	lab_setup
	require_tools ping
	attach_router c0 s0
	local good bad open shut
	good="$(rules_file good.rules <<-'RULES'
		100 allow icmp from any to any
		200 deny ip from any to any
	RULES
	)"
	bad="$(rules_file bad.rules <<-'RULES'
		100 deny icmp from any to any
		# a comment line
		200 allow tcp from any to me port ssh2
		300 deny ip from any to any
	RULES
	)"
	load_rules "$good"
	rexec client ping -c 1 -W 2 -q "$server4" >/dev/null || fail "ping blocked by the good ruleset"
	local before
	before="$(fw_state)"
	for args in "" "--test"; do
		# shellcheck disable=SC2086 # args is zero or one word
		run xgw_in router fw load $args "$bad"
		assert_eq 2 "$rc" "exit code of fw load $args with a syntax error"
		assert_contains "$out" "$bad:3:35:" "the error's position"
		assert_contains "$out" "ssh2" "the offending text"
		assert_eq "$before" "$(fw_state)" "fw show after the failed load $args"
	done
	rexec client ping -c 1 -W 2 -q "$server4" >/dev/null || fail "ping blocked after a failed load"
	before="$(fw_state)"

	shut="$(rules_file shut.rules <<-'RULES'
		100 deny icmp from any to any
		200 allow ip from any to any
	RULES
	)"
	confirm_load "$shut"
	! rexec client ping -c 1 -W 1 -q "$server4" >/dev/null || fail "the unconfirmed ruleset is not in force"
	local i
	for ((i = 0; i < 100; i++)); do
		[ "$(fw_state)" = "$before" ] && break
		sleep 0.1
	done
	assert_eq "$before" "$(fw_state)" "fw show 10 s after an unconfirmed load"
	rexec client ping -c 1 -W 2 -q "$server4" >/dev/null || fail "ping blocked after the roll-back"
	log "unconfirmed ruleset rolled back"

	confirm_load "$shut"
	run xgw_in router fw confirm
	assert_eq 0 "$rc" "fw confirm exit code ($out)"
	open="$(fw_state)"
	sleep 3
	assert_eq "$open" "$(fw_state)" "the confirmed ruleset 3 s after its timeout"
	! rexec client ping -c 1 -W 1 -q "$server4" >/dev/null || fail "the confirmed ruleset went away"
	log "confirmed ruleset stays"
	pass
}

main "$@"
