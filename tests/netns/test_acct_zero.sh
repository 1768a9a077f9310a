#!/usr/bin/env bash
# `xgw acct show --zero` under continuous traffic loses no increment and counts
# none twice: the reads of the client's host counter add up to exactly what the
# XDP program counted for c0 (its own per-interface counter, never zeroed).
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly frames=150000 payload=64
readonly ip_len=$((20 + 8 + payload))

c0_in_packets() { stat_of "$(stats_json)" c0 ingress.verdicts.pass.packets; }

# One read-and-zero: prints "PACKETS BYTES" of the client as source, inbound.
zero_read() {
	xgw_in router acct show hosts --zero --json |
		jq -r --arg a "$client4" '[.hosts[] | select(.address == $a) | .in.src] |
			(map(.packets) | add // 0 | tostring) + " " + (map(.bytes) | add // 0 | tostring)'
}

main() {
	lab_setup
	require_tools trafgen
	attach_router c0 s0
	xgw_in router acct add net 192.0.2.0/24
	local before
	before="$(c0_in_packets)"

	bg_in client trafgen -o eth0 --cpus 1 -n "$frames" -t 10us \
		"{ eth(da=$router_c0_mac, sa=$client_mac), ipv4(sa=$client4, da=$server4, ttl=64), udp(sp=5555, dp=9000), fill(0x55, $payload) }"
	local sender="${netns_bg_pids[-1]}" reads=0 busy=0 packets=0 bytes=0 p b
	while kill -0 "$sender" 2>/dev/null; do
		read -r p b < <(zero_read)
		packets=$((packets + p)) bytes=$((bytes + b)) reads=$((reads + 1))
		[ "$p" -eq 0 ] || busy=$((busy + 1))
		sleep 0.1
	done
	wait "$sender" || fail "trafgen failed"
	# Let the last frames reach the router, then take what is left.
	local last=-1 now
	now="$(c0_in_packets)"
	while [ "$now" != "$last" ]; do
		sleep 0.3
		last="$now" now="$(c0_in_packets)"
	done
	read -r p b < <(zero_read)
	packets=$((packets + p)) bytes=$((bytes + b))

	log "$reads reads while sending, $busy of them nonzero; $packets packets in all"
	[ "$busy" -ge 3 ] || fail "only $busy zeroing reads saw traffic: the test did not zero under load"
	assert_eq $((now - before)) "$packets" "sum of zeroing reads vs packets the XDP program counted at c0"
	assert_eq $((packets * ip_len)) "$bytes" "sum of zeroed bytes vs packets x IP length"
	pass
}

main "$@"
