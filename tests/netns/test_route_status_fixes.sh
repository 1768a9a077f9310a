#!/usr/bin/env bash
# Small wrongs of issue 26 item 5: status shows no tc program of a deleted interface; detach
# --all with nothing attached reports no removal; route delete default table T finds the IPv6
# default that route add default gw IPV6 made; rule delete priority N names N when there is none.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly up2_4=203.0.113.2 up2_6=2001:db8:3::2

deleted_interface() {
	attach_router c0 u0
	local s
	s="$(xgw_in router status --json)"
	[ "$(jq '.interfaces[] | select(.name == "u0") | .tc_prog_id' <<<"$s")" -gt 0 ] ||
		fail "no tc program on u0 while attached: $s"
	rexec router ip link del u0
	s="$(xgw_in router status --json)"
	assert_eq "false 0 0" "$(jq -r '.interfaces[] | select(.name == "u0") |
		"\(.present) \(.tc_prog_id) \(.tc_ingress_prog_id)"' <<<"$s")" "status --json of deleted u0"
	assert_eq "true" "$(jq '.interfaces[] | select(.name == "c0") | .tc_prog_id > 0' <<<"$s")" "c0's tc program"
	[[ "$(xgw_in router status)" =~ u0\ +[0-9]+\ +[a-z]+\ +gone\ +gone ]] ||
		fail "status text of deleted u0: $(xgw_in router status)"
	xgw_in router detach --all --purge >/dev/null || fail "detach --all"
	log "status: a deleted interface shows no tc program"
}

detach_nothing() {
	local out
	out="$(xgw_in client detach --all)" || fail "detach --all with nothing attached"
	[[ "$out" != *removed* ]] || fail "detach --all reported a removal with nothing attached: $out"
	assert_eq "nothing attached" "$out" "detach --all with nothing attached"
	log "detach --all with nothing attached: 'nothing attached', no removal"
}

default_family() {
	xgw_in router route add default gw "$up2_6" table 150 || fail "route add default gw IPv6"
	xgw_in router route delete default table 150 || fail "route delete default table 150 (IPv6)"
	[ -z "$(rexec router ip -6 route show table 150)" ] || fail "IPv6 default left in table 150"
	xgw_in router route add default gw "$up2_4" table 150 || fail "route add default gw IPv4"
	xgw_in router route add default gw "$up2_6" table 150 || fail "route add default gw IPv6"
	run xgw_in router route delete default table 150
	[ "$rc" -eq 2 ] || fail "delete default with both families exited $rc (wanted 2): $out"
	assert_contains "$out" "-4 or -6" "both-families message"
	xgw_in router route delete -6 default table 150 || fail "route delete -6 default"
	xgw_in router route delete default table 150 || fail "route delete default (IPv4 left)"
	[ -z "$(rexec router ip route show table 150)$(rexec router ip -6 route show table 150)" ] ||
		fail "table 150 not empty"
	log "route delete default: the family of the default route the table holds"
}

missing_priority() {
	run xgw_in router rule delete priority 4242
	[ "$rc" -eq 3 ] || fail "rule delete priority 4242 exited $rc (wanted 3): $out"
	assert_contains "$out" "priority 4242" "rule delete message"
	log "rule delete priority N with no such rule: names N, exit 3"
}

main() {
	lab_setup
	detach_nothing
	default_family
	missing_priority
	deleted_interface
	pass
}

main "$@"
