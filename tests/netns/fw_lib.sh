# shellcheck shell=bash
# Firewall helpers for tests/netns/test_fw_*.sh, sourced after lib.sh.
# shellcheck disable=SC2154 # rc, out and netns_work come from lib.sh

# load_rules FILE [ARGS...]: `xgw fw load` in the router; fails the test unless it works.
load_rules() {
	local file="$1"
	shift
	run xgw_in router fw load "$@" "$file"
	[ "$rc" -eq 0 ] || fail "xgw fw load $* $file exited $rc: $out"
}

# rules_file NAME <<EOF ... EOF: writes a ruleset into the test's work directory, prints its path.
rules_file() {
	cat >"$netns_work/$1"
	echo "$netns_work/$1"
}

# rule_packets NUM: packets counted by the first rule numbered NUM in the router.
rule_packets() {
	xgw_in router fw show --json | jq -er --argjson n "$1" '[.rules[] | select(.number == $n)][0].packets'
}

# The ruleset in force with its counters, without last-match times (they follow the clock).
fw_state() {
	xgw_in router fw show --json | jq -c '[.rules[] | del(.last_match)]'
}

# tcp_ok NS FAMILY ADDR PORT: a TCP connection from NS to ADDR:PORT carries a line to the listener.
# The listener must already run (tcp_listen).
tcp_ok() {
	local ns="$1" family="$2" addr="$3" port="$4"
	echo "hello $port" | rexec "$ns" timeout 5 nc "-$family" -w 2 -q 0 "$addr" "$port" >/dev/null 2>&1
}

# tcp_listen NS FAMILY PORT: a listener that keeps accepting (one nc per connection, looped).
tcp_listen() {
	local ns="$1" family="$2" port="$3"
	bg_in "$ns" bash -c "while :; do nc -$family -l $port >>'$netns_work/tcp-$ns-$port' 2>/dev/null || sleep 0.1; done"
	wait_until 5 "tcp listener on $ns:$port" listening "$ns" tcp "$port"
}
