#!/usr/bin/env bash
# `xgw rule delete` cannot break the box (issue 26 item 2): a delete that names nothing exits 2
# and changes nothing (v4 and -6); a rule xgw did not make goes only when spelled whole; the
# kernel's local, main and default rules only with --force; a missing priority is named (exit 3).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

rules() { rexec router ip -j "-$1" rule show | jq -S .; }

expect_rc() {
	local want="$1" text="$2"
	shift 2
	run "$@"
	[ "$rc" -eq "$want" ] || fail "$* exited $rc (wanted $want): $out"
	assert_contains "$out" "$text" "message of '$*'"
}

# Each refused delete leaves both families' rules as they were.
refused() {
	local want="$1" text="$2" before4 before6
	shift 2
	before4="$(rules 4)"
	before6="$(rules 6)"
	expect_rc "$want" "$text" xgw_in router rule delete "$@"
	assert_eq "$before4" "$(rules 4)" "IPv4 rules after refused 'rule delete $*'"
	assert_eq "$before6" "$(rules 6)" "IPv6 rules after refused 'rule delete $*'"
}

local_delivery() { rexec router ping -c 1 -W 1 -q 127.0.0.1 >/dev/null && rexec router ping -6 -c 1 -W 1 -q ::1 >/dev/null; }

names_nothing() {
	refused 2 "names nothing"
	refused 2 "names nothing" -6
	refused 2 "names nothing" -4 from all
	local_delivery || fail "local delivery broken"
	log "a delete that names nothing: exit 2, no rule touched, v4 and v6"
}

foreign_rules() {
	rexec router ip rule add priority 200 from 10.0.0.0/8 lookup 200
	rexec router ip -6 rule add priority 200 from 2001:db8:99::/48 lookup 200
	refused 2 "name it whole: priority 200 from 10.0.0.0/8 table 200" priority 200
	refused 2 "xgw did not make it" -6 table 200
	expect_rc 0 "deleted 200:" xgw_in router rule delete from 10.0.0.0/8 table 200
	expect_rc 0 "deleted 200:" xgw_in router rule delete -6 priority 200 from 2001:db8:99::/48 table 200
	[ -z "$(rexec router ip rule show pref 200)$(rexec router ip -6 rule show pref 200)" ] ||
		fail "rules named whole were not deleted"
	log "rules xgw did not make: refused in part (the message spells them whole), deleted whole"
}

own_rules() {
	xgw_in router rule add fwmark 0x1 priority 100 table 100 || fail "rule add"
	xgw_in router rule add -6 fwmark 0x1 priority 100 table 100 || fail "rule add -6"
	assert_contains "$(rexec router ip rule show pref 100)" "proto 120" "xgw's protocol on its rule"
	expect_rc 0 "deleted 100:" xgw_in router rule delete fwmark 1
	expect_rc 0 "deleted 100:" xgw_in router rule delete -6 priority 100
	[ -z "$(rexec router ip rule show pref 100)$(rexec router ip -6 rule show pref 100)" ] ||
		fail "xgw's rules were not deleted"
	refused 3 "rule delete priority 4242: no such rule" priority 4242
	refused 3 "rule delete priority 4242: no such rule" -6 priority 4242
	log "xgw's own rules: deleted by any field; a missing priority is named (exit 3)"
}

kernel_rules() {
	refused 4 "--force" priority 0 table local
	refused 4 "--force" -6 priority 0 table local
	refused 4 "--force" priority 32766 table main
	refused 4 "--force" -6 priority 32766 table main
	refused 2 "name it whole" --force priority 32767
	expect_rc 0 "deleted 32767:" xgw_in router rule delete --force priority 32767 table default
	[ -z "$(rexec router ip rule show pref 32767)" ] || fail "--force did not delete the default rule"
	rexec router ip rule add priority 32767 lookup default
	local_delivery || fail "local delivery broken"
	log "the kernel's local, main and default rules: only with --force, spelled whole"
}

main() {
	lab_setup --no-xgw
	require_tools ping
	local_delivery || fail "no local delivery before the test"
	names_nothing
	foreign_rules
	own_rules
	kernel_rules
	pass
}

main "$@"
