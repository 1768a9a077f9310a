#!/usr/bin/env bash
# Differential: random rulesets (IPv4 and IPv6, every field kind both languages have) through xgw
# and through nftables on the router; the same random packets from the client must reach the
# server under both, packet by packet. FW_DIFF_SEEDS, FW_DIFF_RULES and FW_DIFF_PACKETS scale it
# (scripts/bench/fw_diff.sh runs a large version).
# Then FW_DIFF_STATE_SEEDS: rulesets with keep-state rules of narrow bodies and no check-state,
# filtered on both router ports; the client sends, the server answers, and every packet of
# each side must meet the same fate under xgw (ipfw's dynamic rules) and nftables (conntrack).
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly seeds="${FW_DIFF_SEEDS:-1 2}" rules="${FW_DIFF_RULES:-300}" packets="${FW_DIFF_PACKETS:-400}"
readonly state_seeds="${FW_DIFF_STATE_SEEDS:-3 4}"
gen="$netns_source_dir/tests/fw/fw_diff.py"
readonly gen

# The router forwards to every generated destination: static neighbours at the server's MAC.
add_destinations() {
	local i
	for ((i = 3; i < 12; i++)); do
		rexec router ip neigh replace "198.51.100.$i" lladdr "$server_mac" dev s0 nud permanent
		rexec router ip neigh replace "2001:db8:2::$(printf %x "$i")" lladdr "$server_mac" dev s0 nud permanent
		rexec router ip neigh replace "192.0.2.$i" lladdr "$client_mac" dev c0 nud permanent
		rexec router ip neigh replace "2001:db8:1::$(printf %x "$i")" lladdr "$client_mac" dev c0 nud permanent
	done
}

# conversed DIR NAME: the client sends, then the server answers; what each side's packets
# reached (the server's capture for the client's, the client's for the answers) goes to DIR/NAME.json.
conversed() {
	local dir="$1" name="$2" side pcap_pid=()
	for side in server client; do
		: >"$dir/$name-$side.err"
		bg_in "$side" tcpdump --immediate-mode -U -n -i eth0 -w "$dir/$name-$side.pcap" 2>"$dir/$name-$side.err"
		pcap_pid+=("$!")
		wait_until 5 "tcpdump on the $side" grep -q listening "$dir/$name-$side.err"
	done
	rexec client "$py" "$gen" send "$dir/packets.json" eth0 client
	sleep 0.5
	rexec server "$py" "$gen" send "$dir/packets.json" eth0 server
	sleep 1
	kill -INT "${pcap_pid[@]}"
	wait "${pcap_pid[@]}" 2>/dev/null || true
	jq -s add <("$py" "$gen" delivered "$dir/$name-server.pcap" client) \
		<("$py" "$gen" delivered "$dir/$name-client.pcap" server) >"$dir/$name.json"
}

# delivered DIR NAME: sends the packets from the client; the ids seen at the server go to DIR/NAME.json.
delivered() {
	local dir="$1" name="$2" pid
	: >"$dir/$name.err"
	bg_in server tcpdump --immediate-mode -U -n -i eth0 -w "$dir/$name.pcap" 2>"$dir/$name.err"
	pid=$!
	wait_until 5 "tcpdump on the server" grep -q listening "$dir/$name.err"
	rexec client "$py" "$gen" send "$dir/packets.json" eth0
	sleep 1
	kill -INT "$pid"
	wait "$pid" 2>/dev/null || true
	"$py" "$gen" delivered "$dir/$name.pcap" >"$dir/$name.json"
}

one_seed() {
	local seed="$1" dir="$netns_work/seed-$1"
	mkdir -p "$dir"
	"$py" "$gen" gen "$seed" "$rules" "$packets" "$dir"
	attach_router c0
	run xgw_in router fw load "$dir/xgw.rules"
	[ "$rc" -eq 0 ] || fail "seed $seed: xgw fw load: $out"
	run xgw_in router fw policy "$(cat "$dir/policy")"
	[ "$rc" -eq 0 ] || fail "seed $seed: xgw fw policy: $out"
	delivered "$dir" xgw
	run xgw_in router detach --all --purge
	[ "$rc" -eq 0 ] || fail "detach: $out"
	rexec router nft -f "$dir/nft.rules"
	delivered "$dir" nft
	rexec router nft delete table inet xgwdiff
	compare_seed "$seed" "$dir"
}

# Compares the verdicts of one seed's run; keeps the files of a disagreement.
compare_seed() {
	local seed="$1" dir="$2"
	if ! "$py" "$gen" compare "$dir/packets.json" "$dir/xgw.rules" "$dir/xgw.json" "$dir/nft.json"; then
		rm -rf "/tmp/xgw-fw-diff-seed-$seed"
		cp -r "$dir" "/tmp/xgw-fw-diff-seed-$seed"
		fail "seed $seed: xgw and nftables disagree; rulesets and packets kept in /tmp/xgw-fw-diff-seed-$seed"
	fi
}

one_state_seed() {
	local seed="$1" dir="$netns_work/state-$1"
	mkdir -p "$dir"
	"$py" "$gen" gen-state "$seed" 60 "$packets" "$dir"
	attach_router c0 s0
	run xgw_in router fw load "$dir/xgw.rules"
	[ "$rc" -eq 0 ] || fail "state seed $seed: xgw fw load: $out"
	run xgw_in router fw policy "$(cat "$dir/policy")"
	[ "$rc" -eq 0 ] || fail "state seed $seed: xgw fw policy: $out"
	conversed "$dir" xgw
	run xgw_in router detach --all --purge
	[ "$rc" -eq 0 ] || fail "detach: $out"
	rexec router nft -f "$dir/nft.rules"
	conversed "$dir" nft
	rexec router nft delete table inet xgwdiff
	compare_seed "$seed" "$dir"
}

main() {
	lab_setup
	require_tools tcpdump nft
	py="$(scapy_python)"
	add_destinations
	local seed
	for seed in $seeds; do
		one_seed "$seed"
	done
	for seed in $state_seeds; do
		one_state_seed "$seed"
	done
	pass
}

main "$@"
