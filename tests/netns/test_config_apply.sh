#!/usr/bin/env bash
# xgw apply/diff/confirm/save-config (issue 16): a configuration that is broken in any way
# changes nothing; apply then diff says nothing; save-config reproduces; an unconfirmed apply
# comes back while traffic flows, a confirmed one stays; racing applies leave one whole
# configuration; a missing interface is a clear error.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=fw_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/fw_lib.sh"

# conf NAME VERDICT-OF-ICMP: a configuration of the router: c0 and s0, a ruleset whose rule
# 300 allows or denies ICMP, and one route.
conf() {
	local name="$1" icmp="$2" expect="${3:-allow}"
	cat >"$netns_work/$name.rules" <<-RULES
		100 allow tcp from any to any
		300 $icmp icmp from any to any
		400 allow ip from any to any
		[nat]
		masquerade s0 from 10.77.0.0/16
	RULES
	cat >"$netns_work/$name.conf" <<-CONF
		[interfaces.c0]
		attach = "full"
		mode = "generic"
		[interfaces.s0]
		attach = "full"
		[firewall]
		rules = "$name.rules"
		expect = ["$expect icmp from 192.0.2.2 to 198.51.100.2 in via c0"]
		[routes]
		text = '''
		add -net 10.99.0.0/16 gw 198.51.100.2
		'''
	CONF
	echo "$netns_work/$name.conf"
}

# Everything a broken apply must leave as it was.
state() {
	xgw_in router fw save
	xgw_in router nat show 2>&1 | grep -v '^ *[0-9]* binding' || true
	xgw_in router acct show 2>&1 || true
	rexec router ip route show table all
	xgw_in router status --json | jq -c '[.interfaces[] | {name, mode, forward, acct_only}]'
}

ping_ok() { rexec client ping -c 1 -W 1 -q 198.51.100.2 >/dev/null 2>&1; }

main() {
	lab_setup
	local a b before
	a="$(conf a allow)"
	b="$(conf b deny deny)"

	# First apply: interfaces attached, ruleset and route in; diff then says nothing.
	run xgw_in router apply "$a"
	[ "$rc" -eq 0 ] || fail "apply a: $rc: $out"
	netns_pin_roots+=("$(xgw_in router status --json | jq -r .pin_root)")
	assert_contains "$out" "attach c0" "apply a"
	assert_contains "$out" "1 expectation held" "apply a"
	run xgw_in router diff "$a"
	[ "$rc" -eq 0 ] || fail "diff after apply: exit $rc: $out"
	prints 198.51.100.2 rexec router ip route show 10.99.0.0/16 || fail "route not added"
	ping_ok || fail "ping through the applied configuration"
	run xgw_in router diff "$b" --json
	[ "$rc" -eq 1 ] || fail "diff against b: exit $rc (expected 1): $out"
	assert_eq firewall "$(jq -r '.changes[0].component' <<<"$out")" "diff b's component"

	# Broken configurations change nothing.
	before="$(state)"
	printf '[interfaces.c0\nattach = "full"\n' >"$netns_work/syntax.conf"
	run xgw_in router apply "$netns_work/syntax.conf"
	assert_eq 2 "$rc" "syntax error: exit"
	assert_contains "$out" "syntax.conf:1:" "syntax error names file:line"
	printf '[interfaces.c0]\natach = "full"\n' >"$netns_work/key.conf"
	run xgw_in router apply "$netns_work/key.conf"
	assert_eq 2 "$rc" "unknown key: exit"
	assert_contains "$out" "key.conf:2:1: unknown key 'atach'" "unknown key"
	sed 's/^300 deny/300 dney/' "$netns_work/b.rules" >"$netns_work/bad.rules"
	sed 's/b.rules/bad.rules/' "$b" >"$netns_work/bad.conf"
	run xgw_in router apply "$netns_work/bad.conf"
	assert_eq 2 "$rc" "bad rule: exit"
	assert_contains "$out" "bad.rules:2:5" "bad rule names its file:line:column"
	conf wrong deny allow >/dev/null # expects allow, the rules deny
	run xgw_in router apply "$netns_work/wrong.conf"
	assert_eq 2 "$rc" "failing expect: exit"
	assert_contains "$out" "wrong.conf:8:" "failing expect names its line"
	assert_contains "$out" "failed: denied by rule 300" "failing expect says why"
	sed 's/interfaces.s0/interfaces.nosuch0/' "$b" >"$netns_work/absent.conf"
	run xgw_in router apply "$netns_work/absent.conf"
	assert_eq 3 "$rc" "absent interface: exit"
	assert_contains "$out" "absent.conf:4:13: interface nosuch0 does not exist here" "absent interface"
	assert_eq "$before" "$(state)" "state after the refused configurations"
	ping_ok || fail "ping after the refused configurations"

	# save-config reproduces: applying what it wrote changes nothing.
	run xgw_in router save-config --output "$netns_work/saved.conf"
	[ "$rc" -eq 0 ] || fail "save-config: $out"
	run xgw_in router diff "$netns_work/saved.conf"
	[ "$rc" -eq 0 ] || fail "diff of the saved configuration: exit $rc: $out"
	run xgw_in router apply "$netns_work/saved.conf"
	[ "$rc" -eq 0 ] || fail "apply saved: $out"
	assert_contains "$out" "nothing to change" "apply of the saved configuration"

	# Unconfirmed: b (ICMP denied) comes in, then a comes back by itself while pings flow.
	run xgw_in router apply --confirm-timeout 3 "$b"
	[ "$rc" -eq 0 ] || fail "apply b --confirm-timeout: $out"
	ping_ok && fail "b is in force but ping passed"
	bg_in client ping -i 0.2 -W 1 198.51.100.2
	wait_until 30 "the previous configuration back" ping_ok
	run xgw_in router diff "$a"
	[ "$rc" -eq 0 ] || fail "after the roll back, diff against a: exit $rc: $out"
	stop_bg
	# Confirmed: b stays past its timeout.
	run xgw_in router apply --confirm-timeout 2 "$b"
	[ "$rc" -eq 0 ] || fail "apply b again: $out"
	run xgw_in router confirm
	[ "$rc" -eq 0 ] || fail "confirm: $out"
	sleep 3
	run xgw_in router diff "$b"
	[ "$rc" -eq 0 ] || fail "confirmed b did not stay: $out"
	run xgw_in router confirm
	assert_eq 3 "$rc" "confirm with nothing pending"

	# Racing writers: whatever the order, one whole configuration is in force.
	local pids=() i
	for i in 1 2 3 4 5 6; do
		if [ $((i % 2)) -eq 0 ]; then
			xgw_in router -w apply "$a" >/dev/null 2>&1 &
		else
			xgw_in router -w apply "$b" >/dev/null 2>&1 &
		fi
		pids+=($!)
	done
	for i in "${pids[@]}"; do wait "$i" || fail "a racing apply failed"; done
	if ! xgw_in router diff "$a" >/dev/null && ! xgw_in router diff "$b" >/dev/null; then
		fail "after racing applies neither a nor b is whole: $(xgw_in router fw save)"
	fi
	pass
}

main "$@"
