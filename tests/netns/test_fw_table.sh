#!/usr/bin/env bash
# table(NAME): `xgw fw table NAME add|delete` changes what the loaded ruleset lets through at
# once, with no reload (the generation does not change), and the rules keep counting; a table
# the ruleset names is made empty by the load; IPv4 and IPv6.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=fw_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/fw_lib.sh"

pings() { rexec client ping "-$1" -c 2 -i 0.2 -W 1 -q "$2" >/dev/null 2>&1; }

# The ruleset in force, without the [tables] entries that change here.
generation() { xgw_in router fw save | sed '/^\[tables\]$/,/^$/d' | md5sum; }

main() {
	lab_setup
	require_tools ping
	attach_router c0 s0
	load_rules "$(rules_file table.rules <<-'RULES'
		100 allow icmp from table(friends) to any in
		110 allow icmp6 from table(friends) to any in
		200 deny icmp from any to any icmptypes 8 in
		210 deny icmp6 from any to any icmp6types 128 in
		300 allow ip from any to any
	RULES
	)"
	run xgw_in router fw table friends list --json
	assert_eq 0 "$rc" "fw table friends list exit code"
	assert_eq '[]' "$(jq -c .entries <<<"$out")" "the table the ruleset names, made empty by load"
	local saved
	saved="$(generation)"

	! pings 4 "$server4" || fail "IPv4 pings passed before the client was in table(friends)"
	! pings 6 "$server6" || fail "IPv6 pings passed before the client was in table(friends)"
	assert_eq 2 "$(rule_packets 200)" "IPv4 echo requests denied by rule 200"
	assert_eq 2 "$(rule_packets 210)" "IPv6 echo requests denied by rule 210"

	xgw_in router fw table friends add 192.0.2.0/24 2001:db8:1::2 >/dev/null
	pings 4 "$server4" || fail "IPv4 pings did not pass after 'fw table friends add 192.0.2.0/24'"
	pings 6 "$server6" || fail "IPv6 pings did not pass after 'fw table friends add 2001:db8:1::2'"
	assert_eq 2 "$(rule_packets 100)" "IPv4 echo requests allowed by rule 100"
	assert_eq 2 "$(rule_packets 110)" "IPv6 echo requests allowed by rule 110"
	assert_eq 2 "$(rule_packets 200)" "rule 200 kept its count"
	assert_eq "$saved" "$(generation)" "the ruleset (no reload happened)"
	assert_eq "192.0.2.0/24 2001:db8:1::2" "$(xgw_in router fw table friends list | tr '\n' ' ' | sed 's/ $//')" \
		"fw table friends list"

	xgw_in router fw table friends delete 192.0.2.0/24 >/dev/null
	! pings 4 "$server4" || fail "IPv4 pings passed after the prefix was deleted"
	assert_eq 4 "$(rule_packets 200)" "IPv4 echo requests denied again by rule 200"
	run xgw_in router fw table friends delete 192.0.2.0/24
	assert_eq 3 "$rc" "deleting an address the table does not hold (exit code)"
	xgw_in router fw table friends flush >/dev/null
	! pings 6 "$server6" || fail "IPv6 pings passed after the table was flushed"
	run xgw_in router fw table nosuch list
	assert_eq 3 "$rc" "listing a table that does not exist (exit code)"
	pass
}

main "$@"
