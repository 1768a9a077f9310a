#!/usr/bin/env bash
# Concurrent writers are serialised by the namespace's lock (issue 14): 16 shells each adding
# 3 rules leave exactly 48 more; concurrent table, NAT and accounting changes all land; a
# busy lock makes a change without -w exit 6 naming the holder; a killed holder frees it.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

rule_count() { xgw_in router fw show --json | jq '.rules | length'; }

main() {
	lab_setup
	attach_router c0 s0
	run xgw_in router fw load <(echo "100 allow ip from any to any")
	[ "$rc" -eq 0 ] || fail "fw load: $out"
	local before root
	before="$(rule_count)"

	local i pids=()
	for i in $(seq 16); do
		(for _ in 1 2 3; do xgw_in router -w fw add 1000 count ip from "198.18.0.$i" to any >/dev/null || exit 1; done) &
		pids+=("$!")
	done
	for i in "${pids[@]}"; do wait "$i" || fail "a concurrent fw add failed"; done
	assert_eq "$((before + 48))" "$(rule_count)" "rules after 16 x 3 concurrent fw add"

	pids=()
	for i in $(seq 16); do
		xgw_in router -w fw table ctl add "203.0.113.$i" >/dev/null &
		pids+=("$!")
		xgw_in router -w acct add net "198.19.$i.0/24" >/dev/null &
		pids+=("$!")
		xgw_in router -w nat redirect-port tcp "198.51.100.2:$((8000 + i))" "$((9000 + i))" via c0 >/dev/null &
		pids+=("$!")
	done
	for i in "${pids[@]}"; do wait "$i" || fail "a concurrent table/acct/nat change failed"; done
	assert_eq 16 "$(xgw_in router fw table ctl list --json | jq '.entries | length')" "table entries"
	assert_eq 16 "$(xgw_in router nat show --json | jq '.rules | length')" "NAT rules"
	assert_eq 16 "$(xgw_in router fw save | grep -o '198\.19\.[0-9]*\.0/24' | wc -l)" "accounting nets in fw save"
	assert_eq "$((before + 48))" "$(rule_count)" "firewall rules kept through NAT changes"
	log "concurrent fw add, fw table add, acct add and nat: nothing lost"

	root="$(xgw_in router status --json | jq -r .pin_root)"
	# -o: the lock stays with flock itself, not with the sleep it runs
	flock -o "$root" sleep 30 &
	local holder=$!
	wait_until 5 "the lock to be taken" bash -c "! flock -n '$root' true"
	run xgw_in router fw add 2000 deny ip from any to any
	assert_eq 6 "$rc" "fw add while another holds the lock"
	assert_contains "$out" "pid $holder" "the refusal names the holder"
	kill -KILL "$holder"
	wait "$holder" 2>/dev/null || true
	run xgw_in router fw add 2000 deny ip from any to any
	[ "$rc" -eq 0 ] || fail "fw add after the holder was killed: $out"
	log "busy lock: exit 6 naming the holder; a killed holder lets go"
	pass
}

main "$@"
