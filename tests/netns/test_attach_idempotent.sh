#!/usr/bin/env bash
# Attaching an attached interface again is a no-op that says so: exit 0,
# "already attached", the same programs, one tc filter, counters that carry on
# and count each packet once.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

programs() {
	xgw_in router status --json | jq -c '[.interfaces[] | {name, xdp_prog_id, tc_prog_id}] | sort_by(.name)'
}

main() {
	lab_setup
	attach_router c0 s0
	local first before
	first="$(programs)"
	ping_counted 2 "first attach"
	before="$(stats_json)"

	run xgw_in router attach c0 s0
	assert_eq 0 "$rc" "exit code of the second attach"
	assert_eq 2 "$(grep -c "already attached" <<<"$out")" "lines saying 'already attached' in: $out"
	assert_eq "$first" "$(programs)" "programs after the second attach"
	local iface
	for iface in c0 s0; do
		assert_eq 1 "$(rexec router tc -j filter show dev "$iface" egress | jq '[.[] | select(.options.prog)] | length')" \
			"BPF filters on $iface egress"
	done
	assert_eq "$before" "$(stats_json)" "counters across the second attach"
	ping_counted 3 "second attach (each ping once)"
	pass
}

main "$@"
