#!/usr/bin/env bash
# Reading and testing change nothing, and nothing locks the operator out (issue 14, 25):
# read-only commands in a namespace without xgw say "not attached", exit 3 and make no pin;
# fw load --test works as nobody with nothing attached; empty files and directories are
# refused; a refused load leaves no table; the last detach keeps a ruleset pinned until
# fw flush; fw show of no such rule exits 3.
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

pins_of_router() { ls /sys/fs/bpf/xgw 2>/dev/null | sort; }

readers_touch_nothing() {
	local before cmd
	before="$(pins_of_router)"
	for cmd in "status" "stats" "fw show" "fw save" "fw states" "nat show" "acct show" \
		"fw table t list" "fw log"; do
		# shellcheck disable=SC2086 # words of the command
		run xgw_in router $cmd
		assert_eq 3 "$rc" "xgw $cmd with nothing attached"
		assert_contains "$out" "not attached" "xgw $cmd says why"
	done
	assert_eq "$before" "$(pins_of_router)" "pins after read-only commands"
	log "read-only commands: exit 3, not attached, no pin made"
}

load_test_as_nobody() {
	local f="$netns_work/good.rules" bad="$netns_work/bad.rules"
	printf '100 allow tcp from any to any 22 setup keep-state\n200 deny ip from table(nobody) to any\n' >"$f"
	printf '100 allow tcp from any to any 99999\n200 frobnicate ip from any to any\n' >"$bad"
	chmod 755 "$netns_work"
	chmod 644 "$f" "$bad"
	run rexec router setpriv --reuid=nobody --regid=nogroup --clear-groups "$XGW" fw load --test "$f"
	[ "$rc" -eq 0 ] || fail "fw load --test as nobody exited $rc: $out"
	run rexec router setpriv --reuid=nobody --regid=nogroup --clear-groups "$XGW" fw load --test "$bad"
	assert_eq 2 "$rc" "fw load --test of a bad file as nobody"
	assert_contains "$out" "bad.rules:1" "the first error is named"
	assert_contains "$out" "bad.rules:2" "the second error is named too"
	log "fw load --test: works as nobody with nothing attached, reports every error"
}

no_lockouts() {
	: >"$netns_work/empty.rules"
	printf '# only a comment\n' >"$netns_work/comment.rules"
	run xgw_in router fw load "$netns_work/empty.rules"
	assert_eq 2 "$rc" "fw load of an empty file"
	run xgw_in router fw load "$netns_work/comment.rules"
	assert_eq 2 "$rc" "fw load of a file without a rule"
	run xgw_in router fw load "$netns_work"
	assert_eq 2 "$rc" "fw load of a directory"
	run xgw_in router fw load --allow-empty "$netns_work/comment.rules"
	[ "$rc" -eq 0 ] || fail "fw load --allow-empty exited $rc: $out"

	printf '100 allow ip from table(refused1) to any\n200 frobnicate\n' >"$netns_work/refused.rules"
	run xgw_in router fw load "$netns_work/refused.rules"
	assert_eq 2 "$rc" "a refused load"
	run xgw_in router fw table refused1 list
	assert_eq 3 "$rc" "a table named only by a refused ruleset"

	for p in allow pass accept drop deny; do
		run xgw_in router fw policy "$p"
		[ "$rc" -eq 0 ] || fail "fw policy $p exited $rc: $out"
	done
	run xgw_in router fw show 999
	assert_eq 3 "$rc" "fw show of no such rule"
	log "no lockouts: empty/dir refused (exit 2), refused load makes no table, policy spellings"
}

detach_keeps_ruleset() {
	local root
	root="$(xgw_in router status --json | jq -r .pin_root)"
	run xgw_in router fw load <(echo "100 allow tcp from 192.0.2.0/24 to any 22 setup")
	[ "$rc" -eq 0 ] || fail "fw load: $out"
	run xgw_in router detach c0 s0
	[ "$rc" -eq 0 ] || fail "detach: $out"
	assert_contains "$out" "stays pinned" "detach says the ruleset stays"
	[ -d "$root" ] || fail "the last detach discarded the ruleset"
	assert_contains "$(xgw_in router fw save)" "allow tcp from 192.0.2.0/24" "the kept ruleset"
	xgw_in router acct flush >/dev/null
	xgw_in router nat flush >/dev/null
	run xgw_in router fw flush
	[ "$rc" -eq 0 ] || fail "fw flush: $out"
	[ ! -e "$root" ] || fail "fw flush left the pins of a detached ruleset: $(ls "$root")"
	log "detach keeps the ruleset pinned and says so; fw flush removes it"
}

main() {
	lab_setup
	readers_touch_nothing
	load_test_as_nobody
	attach_router c0 s0
	no_lockouts
	detach_keeps_ruleset
	pass
}

main "$@"
