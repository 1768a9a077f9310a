#!/usr/bin/env bash
# xgwd --config (issue 16): the daemon boots the router into its box configuration (the
# interfaces with their attach kind, the ruleset, metrics), takes the file's interfaces as
# the ones it looks after, applies the file again on SIGHUP with only the capabilities it
# keeps, and keeps running, with nothing changed, when a reload finds the file broken;
# started with a broken file it exits 2 and changes nothing.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

xgwd_pid=""

# write_config INTERFACES RULE: the router's xgw.conf with [interfaces.NAME] for each name and
# RULE before the final allow.
write_config() {
	local name
	{
		for name in $1; do
			printf '[interfaces.%s]\nattach = "full"\nmode = "generic"\n\n' "$name"
		done
		cat <<-EOF
			[firewall]
			rules_text = '''
			$2
			65000 allow ip from any to any
			'''
			expect = ["allow udp from $client4 to $server4 53 in via c0"]

			[metrics]
			listen = "127.0.0.1:9470"
		EOF
	} >"$netns_work/xgw.conf"
}

# until SECONDS WHAT COMMAND...: polls like wait_until; on timeout fails with xgwd's own words.
until_xgwd() {
	local seconds="$1" what="$2" i
	shift 2
	for i in $(seq $((seconds * 10))); do
		"$@" && return 0
		kill -0 "$xgwd_pid" 2>/dev/null || fail "xgwd exited while waiting for $what: $(cat "$netns_work/xgwd.err")"
		sleep 0.1
	done
	fail "timed out after ${seconds}s waiting for $what; xgwd said: $(cat "$netns_work/xgwd.err")"
}

attached() { xgw_in router status --json 2>/dev/null | jq -r '[.interfaces[] | select(.xdp_prog_id > 0) | .name] | join(" ")'; }
rule_numbers() { xgw_in router fw show --json | jq -r '[.rules[].number] | join(" ")'; }
looked_after() { xgw_in router status --json | jq -r '.xgwd.interfaces | join(" ")'; }
xgwd_reported() { [ "$(xgw_in router status --json 2>/dev/null | jq -r .xgwd.pid)" = "$xgwd_pid" ]; }
attached_is() { [ "$(attached)" = "$1" ]; }
looked_after_is() { [ "$(looked_after)" = "$1" ]; }
errors_above() { [ "$(xgw_in router status --json | jq .xgwd.counters.errors)" -gt "$1" ]; }

boots_into_the_file() {
	write_config c0 "100 deny tcp from any to any 23 in"
	bg_in router "$XGWD" --config "$netns_work/xgw.conf" 2>>"$netns_work/xgwd.err"
	xgwd_pid="${netns_bg_pids[-1]}"
	until_xgwd 60 "xgwd in xgw status" xgwd_reported
	netns_pin_roots+=("$(xgw_in router status --json | jq -r .pin_root)")
	assert_eq c0 "$(attached)" "interfaces attached by the file"
	assert_eq c0 "$(looked_after)" "interfaces xgwd looks after"
	assert_eq "100 65000 65535" "$(rule_numbers)" "rules loaded from the file"
	wait_until 10 "metrics on the file's address" rexec router curl -fsS http://127.0.0.1:9470/metrics -o "$netns_work/metrics.txt"
	grep -q '^xgw_' "$netns_work/metrics.txt" || fail "no xgw_ metric served"
	grep -q "xgw.conf applied" "$netns_work/xgwd.err" || fail "xgwd did not say it applied the file: $(cat "$netns_work/xgwd.err")"
	# CAP_NET_ADMIN (12), CAP_PERFMON (38: the reload stages the ruleset) and CAP_BPF (39).
	assert_eq 000000c000001400 "$(awk '/^CapEff/ {print $2}' /proc/"$xgwd_pid"/status)" "xgwd's effective capabilities"
	log "started with --config: c0 attached generic, rules 100 and 65000, metrics on the file's port, capabilities net_bind_service, net_admin, perfmon, bpf"
}

# A second xgwd with another file finds the first one's lock before it applies anything.
second_changes_nothing() {
	sed 's/100 deny tcp from any to any 23 in/300 deny tcp from any to any 80 in/' \
		"$netns_work/xgw.conf" >"$netns_work/other.conf"
	run rexec router "$XGWD" --config "$netns_work/other.conf"
	assert_eq 6 "$rc" "a second xgwd's exit code: $out"
	assert_contains "$out" "already runs in this network namespace" "a second xgwd's message"
	assert_eq "100 65000 65535" "$(rule_numbers)" "rules after a second xgwd with another file"
	log "a second xgwd with another file: exit 6, the first one's ruleset untouched"
}

reload_applies_again() {
	write_config "c0 s0" "200 deny tcp from any to any 25 in"
	kill -HUP "$xgwd_pid"
	until_xgwd 30 "s0 attached after SIGHUP" attached_is "c0 s0"
	until_xgwd 10 "xgwd looking after c0 and s0" looked_after_is "c0 s0"
	assert_eq "200 65000 65535" "$(rule_numbers)" "rules after the reload"
	log "SIGHUP: the file applied again (s0 attached, the ruleset replaced), xgwd looks after both"
}

broken_reload_changes_nothing() {
	local before errors
	before="$(xgw_in router fw save)"
	errors="$(xgw_in router status --json | jq .xgwd.counters.errors)"
	write_config "c0" "300 deny tcp from any to any 25 in frobnicate"
	kill -HUP "$xgwd_pid"
	until_xgwd 10 "the reload's error counted" errors_above "$errors"
	grep -q "xgw.conf:[0-9]*:[0-9]*" "$netns_work/xgwd.err" || fail "the error does not name file:line:column: $(tail -3 "$netns_work/xgwd.err")"
	kill -0 "$xgwd_pid" || fail "xgwd died on a broken file"
	assert_eq "$before" "$(xgw_in router fw save)" "ruleset after a broken reload"
	assert_eq "c0 s0" "$(attached)" "interfaces after a broken reload"
	log "SIGHUP with a broken file: error names file:line:column, nothing changed, xgwd runs on"
}

broken_start_changes_nothing() {
	stop_bg
	xgw_in router detach --all --purge >/dev/null
	run rexec router "$XGWD" --config "$netns_work/xgw.conf"
	assert_eq 2 "$rc" "xgwd's exit code for a broken file"
	[[ "$out" == *xgw.conf:*:* ]] || fail "no file:line:column in: $out"
	assert_eq "" "$(attached)" "interfaces attached by a refused start"
	log "started with a broken file: exit 2 naming file:line:column, nothing attached"
}

main() {
	lab_setup
	require_tools curl jq
	boots_into_the_file
	second_changes_nothing
	reload_applies_again
	broken_reload_changes_nothing
	broken_start_changes_nothing
	pass
}

main "$@"
