#!/usr/bin/env bash
# `xgw fw check` agrees with the data path (issue 22): random rulesets with NAT rules, random
# packets sent for real from the client through the router; for each, the check's answer
# (accepted or not, and with which source address and port it leaves) is compared with what
# reached the server. Forwarding on, then off (the sysctl's default on a plain host).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly diff_py="$(dirname "${BASH_SOURCE[0]}")/../fw/check_diff.py"
readonly rounds="${XGW_CHECK_DIFF_ROUNDS:-6}" per_round=50

# one_round SEED WHAT: a ruleset, its checks, the packets, and the comparison.
one_round() {
	local seed="$1" what="$2" dir="$netns_work/round$1"
	mkdir -p "$dir"
	"$netns_python" "$diff_py" gen "$seed" "$dir" "$per_round"
	run xgw_in router fw load "$dir/rules.conf"
	[ "$rc" -eq 0 ] || fail "$what seed $seed: fw load: $out ($(cat "$dir/rules.conf"))"
	xgw_in router fw check -f "$dir/checks.txt" --json >"$dir/checks.jsonl" ||
		fail "$what seed $seed: fw check -f exited $?"
	: >"$dir/tcpdump.err"
	bg_in server tcpdump --immediate-mode -U -n -Q in -i eth0 -w "$dir/server.pcap" "dst host $server4" 2>"$dir/tcpdump.err"
	wait_until 5 "tcpdump in the server" grep -q listening "$dir/tcpdump.err"
	rexec client "$(scapy_python)" "$diff_py" send "$dir"
	sleep 0.5
	stop_bg
	if ! out="$("$(scapy_python)" "$diff_py" compare "$dir" 2>&1)"; then
		echo "$out" >&2
		fail "$what seed $seed: fw check and the data path disagree; ruleset: $(cat "$dir/rules.conf")"
	fi
	log "$what seed $seed: ${out##*$'\n'}"
}

main() {
	lab_setup
	require_tools tcpdump
	attach_router c0 s0 --mode generic
	local seed
	for seed in $(seq 1 "$rounds"); do
		one_round "$seed" "forwarding on"
	done
	rexec router sysctl -qw net.ipv4.ip_forward=0
	for seed in $(seq 101 $((100 + rounds / 2))); do
		one_round "$seed" "forwarding off"
	done
	pass
}

main "$@"
