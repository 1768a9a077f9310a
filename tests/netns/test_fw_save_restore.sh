#!/usr/bin/env bash
# `xgw fw save` writes everything needed to give the state back (issue 14, "No lockouts"):
# rules, policy, table entries and flow lifetimes. save, then flush, the other policy, table
# and lifetime changes, then load of the saved file: 300 random packets get the same `fw
# check` answer as before, and save prints the same file. Loads that are refused (a bad rule,
# too many tables) or only tested (also by a plain user) change no table and no lifetime; a
# load with --confirm-timeout that is not confirmed gives the entries and lifetimes back when
# it rolls back.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=fw_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/fw_lib.sh"

readonly packets=300

# pick WORD...: one of the words, at random.
pick() {
	local words=("$@")
	echo "${words[RANDOM % ${#words[@]}]}"
}

# The packets to check, one a line, the same on every run (a fixed seed).
write_packets() {
	RANDOM=14
	local i proto src dst flags
	for ((i = 0; i < packets; i++)); do
		if ((RANDOM % 4 == 0)); then
			src="$(pick 2001:db8:1::2 2001:db8:1::99 2001:db8:5::1)"
			dst="$(pick 2001:db8:2::2 2001:db8:2::9)"
			proto="$(pick tcp udp)"
		else
			src="$(pick 192.0.2.2 192.0.2.9 192.0.2.20 10.9.9.9 10.1.1.1)"
			dst="$(pick 198.51.100.2 198.51.100.9 203.0.113.2)"
			proto="$(pick tcp tcp udp icmp)"
		fi
		if [ "$proto" = icmp ]; then
			echo "in via c0 icmp from $src to $dst"
			continue
		fi
		flags=""
		[ "$proto" = tcp ] && flags="$(pick setup established)"
		echo "in via c0 $proto from $src $((40000 + RANDOM % 1000)) to $dst $(pick 22 53 80 443 8080 12345) $flags"
	done >"$netns_work/packets.txt"
}

# verdicts FILE: each packet's answer (verdict, rule, by state, deciding stage), one a line.
verdicts() {
	xgw_in router fw check -f "$netns_work/packets.txt" --json |
		jq -c '{verdict, rule, by_state, decided_by}' >"$1" || fail "fw check -f exited $?"
	assert_eq "$packets" "$(wc -l <"$1")" "answers in $1"
}

saved_is() { [ "$(xgw_in router fw save)" = "$(cat "$1")" ]; }

# must_refuse FILE WHAT: fw load FILE exits 2 and changes nothing fw save shows.
must_refuse() {
	run xgw_in router fw load "$1"
	assert_eq 2 "$rc" "$2: exit code ($out)"
	saved_is "$netns_work/saved.rules" || fail "$2 changed the state: $(xgw_in router fw save)"
}

main() {
	lab_setup
	attach_router c0 s0
	load_rules "$(rules_file base.rules <<-'RULES'
		100 check-state
		200 deny ip from table(blocked) to any in
		300 allow tcp from table(friends) to any 22 in setup keep-state
		400 allow udp from any to table(servers) 53 in keep-state
		500 allow tcp from any to 198.51.100.2 80,443 in setup
		600 deny tcp from any to any 8080 in
		700 allow icmp from table(friends) to any in
		800 allow ip6 from table(friends) to table(servers) in
		60000 allow ip from any to any out
	RULES
	)"
	local cmd
	while read -r cmd; do
		# shellcheck disable=SC2086 # each line is the words of one command
		run xgw_in router $cmd
		[ "$rc" -eq 0 ] || fail "xgw $cmd: $out"
	done <<-'CMDS'
		fw policy accept
		fw table friends add 192.0.2.0/28 2001:db8:1::2
		fw table blocked add 192.0.2.9 10.9.9.9
		fw table servers add 198.51.100.2 2001:db8:2::2
		fw set dyn_udp_lifetime 42
		fw set dyn_ack_lifetime 777
	CMDS
	write_packets
	verdicts "$netns_work/before.txt"
	xgw_in router fw save >"$netns_work/saved.rules"
	assert_contains "$(cat "$netns_work/saved.rules")" $'[tables]\nblocked 10.9.9.9 192.0.2.9\nfriends 192.0.2.0/28 2001:db8:1::2\nservers 198.51.100.2 2001:db8:2::2' "saved tables"
	assert_contains "$(cat "$netns_work/saved.rules")" $'[set]\npolicy accept\n' "saved policy"
	assert_contains "$(cat "$netns_work/saved.rules")" 'dyn_udp_lifetime 42' "saved lifetime"

	while read -r cmd; do
		# shellcheck disable=SC2086
		run xgw_in router $cmd
		[ "$rc" -eq 0 ] || fail "xgw $cmd: $out"
	done <<-'CMDS'
		fw flush
		fw policy deny
		fw table friends flush
		fw table blocked delete 10.9.9.9
		fw table servers add 198.51.100.9
		fw set dyn_udp_lifetime 99
		fw set dyn_ack_lifetime 1000
	CMDS
	verdicts "$netns_work/changed.txt"
	if cmp -s "$netns_work/before.txt" "$netns_work/changed.txt"; then
		fail "the changes changed no verdict: the comparison would prove nothing"
	fi
	log "$(diff "$netns_work/before.txt" "$netns_work/changed.txt" | grep -c '^<') of $packets answers (verdict and rule) changed"
	log "answers before: $(sort "$netns_work/before.txt" | uniq -c | sort -rn | tr -s " " | tr "\n" ";")"

	load_rules "$netns_work/saved.rules"
	verdicts "$netns_work/after.txt"
	diff "$netns_work/before.txt" "$netns_work/after.txt" >&2 ||
		fail "verdicts after save, changes and load differ from those before"
	saved_is "$netns_work/saved.rules" || fail "fw save after the load: $(xgw_in router fw save)"
	assert_contains "$(xgw_in router fw set)" "dyn_udp_lifetime = 42" "fw set after the load"

	# Refused loads and --test change no table and no lifetime.
	{
		cat "$netns_work/saved.rules"
		printf '[tables]\nfriends 10.0.0.1\n[set]\ndyn_udp_lifetime 5\n[firewall]\n'
		printf '65000 allow bogus from any to any\n'
	} >"$netns_work/bad.rules"
	must_refuse "$netns_work/bad.rules" "a file with a bad rule"
	{
		printf '100 allow ip from any to any\n[tables]\nfriends 10.0.0.1\n'
		for i in $(seq 1 130); do echo "many$i 192.0.2.$i"; done
		printf '[set]\ndyn_udp_lifetime 5\n'
	} >"$netns_work/many.rules"
	must_refuse "$netns_work/many.rules" "a file naming 130 tables"
	run xgw_in router fw table many1 list
	assert_eq 3 "$rc" "the refused load made no table ($out)"
	rules_file changes.rules >/dev/null <<-'RULES'
		100 allow ip from any to any
		[tables]
		friends 10.0.0.1
		new-table 203.0.113.7
		[set]
		policy deny
		dyn_udp_lifetime 7
	RULES
	run xgw_in router fw load --test "$netns_work/changes.rules"
	assert_eq 0 "$rc" "load --test ($out)"
	run xgw_in router fw load --test "$netns_work/many.rules"
	assert_eq 2 "$rc" "load --test of a file naming 130 tables ($out)"
	saved_is "$netns_work/saved.rules" || fail "load --test changed the state"
	# A plain user, who cannot read xgw's state: the sections are checked all the same.
	chmod 755 "$netns_work"
	chmod 644 "$netns_work/changes.rules" "$netns_work/many.rules"
	run rexec router setpriv --reuid=nobody --regid=nogroup --clear-groups "$XGW" fw load --test "$netns_work/changes.rules"
	assert_eq 0 "$rc" "load --test as nobody ($out)"
	run rexec router setpriv --reuid=nobody --regid=nogroup --clear-groups "$XGW" fw load --test "$netns_work/many.rules"
	assert_eq 2 "$rc" "load --test as nobody of a file naming 130 tables"
	assert_contains "$out" "new tables" "the refusal says why"

	# Not confirmed: the roll back gives back the entries and lifetimes the load replaced.
	load_rules "$netns_work/changes.rules" --confirm-timeout 2
	assert_eq 10.0.0.1 "$(xgw_in router fw table friends list)" "friends after the load"
	assert_contains "$(xgw_in router fw set)" "dyn_udp_lifetime = 7" "fw set after the load"
	wait_until 30 "the roll back to the saved state" saved_is_rolled_back
	pass
}

# After the roll back: the saved state, but for new-table, which the load made (empty now).
saved_is_rolled_back() {
	[ "$(xgw_in router fw save | grep -v '^new-table$')" = "$(cat "$netns_work/saved.rules")" ]
}

main "$@"
