#!/usr/bin/env bash
# me and me6 follow the host's addresses: with `xgw fw me --follow` running, an address added
# to the router is "me" for the loaded ruleset at once, without a reload; without the follower
# the ruleset keeps the addresses it was loaded with.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=fw_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/fw_lib.sh"

ping_ok() { rexec client ping "-$1" -c 1 -W 1 -q "$2" >/dev/null 2>&1; }

main() {
	lab_setup
	require_tools ping
	attach_router c0 s0
	load_rules "$(rules_file me.rules <<-'RULES'
		100 allow icmp from any to me icmptypes 8 in
		110 allow icmp6 from any to me6 icmp6types 128 in
		200 deny icmp from any to any icmptypes 8 in
		210 deny icmp6 from any to any icmp6types 128 in
		300 allow ip from any to any
	RULES
	)"
	local saved
	saved="$(xgw_in router fw save | md5sum)"
	rexec router ip addr add 192.0.2.50/32 dev c0
	rexec router ip addr add 2001:db8:1::50/128 dev c0 nodad
	! ping_ok 4 192.0.2.50 || fail "an address added after the load was 'me' without the follower"
	! ping_ok 6 2001:db8:1::50 || fail "an IPv6 address added after the load was 'me6' without the follower"
	assert_eq 1 "$(rule_packets 200)" "the echo request to the new address, denied by rule 200"

	bg_in router "$XGW" --netns "${P}router" fw me --follow
	wait_until 5 "ping to 192.0.2.50 once the follower runs" ping_ok 4 192.0.2.50
	wait_until 5 "ping to 2001:db8:1::50 once the follower runs" ping_ok 6 2001:db8:1::50
	rexec router ip addr add 192.0.2.51/32 dev c0
	wait_until 5 "ping to 192.0.2.51, added while the follower runs" ping_ok 4 192.0.2.51
	rexec router ip addr del 192.0.2.50/32 dev c0
	wait_until 5 "192.0.2.50 leaving me (fw check denies it by rule 200)" bash -c \
		"nsenter --net=/run/netns/${P}router '$XGW' --netns '${P}router' fw check in via c0 icmp from $client4 to 192.0.2.50 | grep -q 'denied by rule 200'"
	assert_eq "$saved" "$(xgw_in router fw save | md5sum)" "the ruleset (no reload happened)"
	[ "$(rule_packets 100)" -ge 2 ] || fail "rule 100 counted no echo request to the new addresses"
	pass
}

main "$@"
