#!/usr/bin/env bash
# Ruleset transactions under concurrent writers and kills (issue 25): a sequenced UDP stream
# from the client through the router while six processes load three different rulesets, add
# and delete a rule and edit a table, and some loads are SIGKILLed part-way. Afterwards the
# live ruleset is exactly one of the three files, rule by rule; no datagram of the stream
# (which all three allow) was lost; and every command still works.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=fw_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/fw_lib.sh"

readonly churn_seconds=15 rate=400 files=(a b c)

# ruleset MARK RULES: a file of its own rules (RULES count rules that this traffic never
# matches), around the rules every file shares: the stream in, everything out.
ruleset() {
	local mark="$1" n="$2" i
	{
		echo "100 check-state"
		for ((i = 1; i <= n; i++)); do
			echo "$((1000 + i)) count tcp from 10.$mark.$((i / 200)).$((i % 200 + 1)) to any $((1000 + i))"
		done
		echo "20000 allow udp from 192.0.2.2 to 198.51.100.2 5001 in"
		echo "20100 allow ip from any to any out"
		echo "20200 deny ip from table(stress) to any in"
		echo "$((30000 + mark)) deny udp from any to any $((6000 + mark)) in"
	} >"$netns_work/$3.rules"
}

rules_in_force() { xgw_in router fw show --json | jq -c '[.rules[] | {number, rule}]'; }

# loader SECONDS: loads the files at random until the time is up; one load in four is
# SIGKILLed after up to 0.2 s. Its last load is whole (not killed).
loader() {
	local until=$(($(date +%s) + $1)) f pid
	while [ "$(date +%s)" -lt "$until" ]; do
		f="$netns_work/${files[RANDOM % 3]}.rules"
		if ((RANDOM % 4 == 0)); then
			(exec "$XGW" --netns "${P}router" -w fw load "$f" >/dev/null 2>&1) &
			pid=$! # xgw itself
			sleep "$(printf '0.%03d' $((RANDOM % 200)))"
			kill -KILL "$pid" 2>/dev/null && echo sigkill >>"$netns_work/ops"
			wait "$pid" 2>/dev/null || true
		else
			xgw_in router -w fw load "$f" >/dev/null || echo "fw load $f exited $?" >>"$netns_work/errors"
			echo load >>"$netns_work/ops"
		fi
	done
	xgw_in router -w fw load "$netns_work/${files[RANDOM % 3]}.rules" >/dev/null ||
		echo "the last fw load exited $?" >>"$netns_work/errors"
}

# editor SECONDS ID: adds and deletes a rule, adds and deletes table entries of its own.
editor() {
	local until=$(($(date +%s) + $1)) i=0 rc
	while [ "$(date +%s)" -lt "$until" ]; do
		i=$((i % 100 + 1))
		xgw_in router -w fw add 25000 count tcp from any to any 9999 >/dev/null ||
			echo "fw add exited $?" >>"$netns_work/errors"
		rc=0
		xgw_in router -w fw delete 25000 >/dev/null 2>&1 || rc=$?
		# 3: a load in between took the rule away already
		[ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] || echo "fw delete exited $rc" >>"$netns_work/errors"
		xgw_in router -w fw table stress add "203.0.$2.$i" >/dev/null ||
			echo "fw table add exited $?" >>"$netns_work/errors"
		xgw_in router -w fw table stress delete "203.0.$2.$i" >/dev/null ||
			echo "fw table delete exited $?" >>"$netns_work/errors"
		echo edits >>"$netns_work/ops"
	done
}

main() {
	lab_setup
	attach_router c0 s0
	ruleset 1 300 a
	ruleset 2 150 b
	ruleset 3 60 c
	local f expected=()
	for f in "${files[@]}"; do
		load_rules "$netns_work/$f.rules"
		expected+=("$(rules_in_force)")
	done

	# The receiver counts distinct sequence numbers until the sender says "end" (or nothing
	# comes for 30 s).
	bg_in server "$netns_python" -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
s.bind(("198.51.100.2", 5001))
s.settimeout(30)
seen = set()
try:
    while (data := s.recv(64)) != b"end":
        seen.add(int(data))
except socket.timeout:
    pass
open(sys.argv[1], "w").write("%d\n" % len(seen))' "$netns_work/received"
	wait_until 5 "receiver on udp 5001" listening server udp 5001
	rexec client "$netns_python" -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
rate, seconds = int(sys.argv[1]), int(sys.argv[2])
start = time.monotonic()
for n in range(rate * seconds):
    s.sendto(b"%d" % n, ("198.51.100.2", 5001))
    time.sleep(max(0.0, start + (n + 1) / rate - time.monotonic()))
time.sleep(0.5) # the last datagrams go ahead of the end
for _ in range(3):
    s.sendto(b"end", ("198.51.100.2", 5001))
print(rate * seconds)' "$rate" "$((churn_seconds + 4))" >"$netns_work/sent" &
	local sender=$! pids=() i
	sleep 1
	for i in 1 2 3 4; do
		loader "$churn_seconds" &
		pids+=("$!")
	done
	for i in 1 2; do
		editor "$((churn_seconds - 4))" "$i" &
		pids+=("$!")
	done
	for i in "${pids[@]}"; do wait "$i"; done
	wait "$sender" || fail "the sender failed"
	wait_until 40 "the receiver's count" test -s "$netns_work/received"
	[ ! -s "$netns_work/errors" ] || fail "writers failed: $(sort "$netns_work/errors" | uniq -c)"

	local now matches=0
	now="$(rules_in_force)"
	for i in "${!expected[@]}"; do
		[ "$now" != "${expected[$i]}" ] || matches=$((matches + 1))
	done
	assert_eq 1 "$matches" "rulesets in force equal to one of the files ($now)"
	assert_eq "$(cat "$netns_work/sent")" "$(cat "$netns_work/received")" "datagrams of the stream received"
	log "$(cat "$netns_work/received") datagrams, none lost; writes: $(sort "$netns_work/ops" | uniq -c | tr -s ' \n' ' ')"

	for cmd in "fw show" "fw save" "fw states" "fw table stress list" "fw set" \
		"fw check in via c0 udp from 192.0.2.2 4000 to 198.51.100.2 5001" \
		"fw add 25000 count ip from any to any" "fw delete 25000"; do
		# shellcheck disable=SC2086 # the words of one command
		run xgw_in router $cmd
		[ "$rc" -eq 0 ] || fail "xgw $cmd after the churn: $rc: $out"
	done
	load_rules "$netns_work/a.rules"
	assert_eq "${expected[0]}" "$(rules_in_force)" "a load after the churn"
	pass
}

main "$@"
