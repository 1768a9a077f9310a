#!/usr/bin/env bash
# Passive accounting: interfaces attached with --acct-only count every packet and pass it,
# even under a deny-all ruleset whose [acct] section defines what is accounted; the same
# ruleset on a fully attached interface blocks the traffic. A bad [acct] changes nothing.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=fw_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/fw_lib.sh"

readonly pings=4

# host_count ADDR DIR ROLE: packets counted for the host.
host_count() {
	xgw_in router acct show hosts --json |
		jq -er --arg a "$1" --arg d "$2" --arg r "$3" '[.hosts[] | select(.address == $a)][0][$d][$r].packets // 0'
}

main() {
	lab_setup
	require_tools ping
	attach_router c0 s0 --acct-only
	assert_eq "true true" "$(xgw_in router status --json | jq -r '[.interfaces[].acct_only] | map(tostring) | join(" ")')" "status acct_only"
	assert_contains "$(xgw_in router status)" "accounting only" "status text"

	local rules bad
	rules="$(rules_file passive.rules <<-RULES
		100 deny ip from any to any
		[acct]
		net $client4/32 $server4/32
		protocols
	RULES
	)"
	load_rules "$rules"
	rexec client ping -c "$pings" -i 0.2 -W 2 -q "$server4" >/dev/null ||
		fail "an accounting-only router dropped pings under a deny-all ruleset"
	assert_eq "$pings" "$(host_count "$client4" in src)" "client echo requests counted in at c0"
	assert_eq "$pings" "$(host_count "$client4" out dst)" "echo replies counted out at c0"
	assert_eq "$pings" "$(host_count "$server4" out dst)" "echo requests counted out at s0"
	assert_contains "$(xgw_in router fw save)" "[acct]" "fw save writes the section"

	# Asking for more than passive on a passive interface is a conflict; both at once, usage.
	run xgw_in router attach c0 --forward
	assert_eq 6 "$rc" "attach --forward on an accounting-only interface: $out"
	run xgw_in router attach c0 --acct-only --forward
	assert_eq 2 "$rc" "attach --acct-only --forward: $out"

	bad="$(rules_file bad.rules <<-'RULES'
		100 allow ip from any to any
		[acct]
		net 10.0.0.0/8
		port tcp/http
	RULES
	)"
	local before
	before="$(xgw_in router acct show --json | jq -c '{nets, ports}')"
	run xgw_in router fw load "$bad"
	assert_eq 2 "$rc" "exit code of a bad [acct] section"
	assert_contains "$out" "$bad:4:6:" "the error's position"
	assert_eq "$before" "$(xgw_in router acct show --json | jq -c '{nets, ports}')" "definitions after the failed load"

	# The same ruleset on the whole data path: now the deny-all rule is in force.
	xgw_in router detach c0
	attach_router c0
	! rexec client ping -c 1 -W 1 -q "$server4" >/dev/null || fail "the fully attached router passed a denied ping"
	pass
}

main "$@"
