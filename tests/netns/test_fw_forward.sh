#!/usr/bin/env bash
# A forwarding ruleset between client and server: the allowed TCP port, UDP port and pings get
# through, everything else stops at the router, and the rule counters count every packet once
# per direction it crosses (XDP on the way in, tc on the way out).
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=fw_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/fw_lib.sh"

# udp_arrives PORT: one datagram from the client reaches a listener on the server's PORT.
udp_arrives() {
	local port="$1" got="$netns_work/udp-$1" i
	bg_in server bash -c "timeout 4 nc -4 -u -l $port >'$got'"
	wait_until 5 "udp listener on $port" listening server udp "$port"
	echo "dgram $port" | rexec client nc -4 -u -q 0 -p 40001 "$server4" "$port" >/dev/null 2>&1 || true
	for ((i = 0; i < 20; i++)); do
		[ -s "$got" ] && return 0
		sleep 0.1
	done
	return 1
}

main() {
	lab_setup
	require_tools nc ping
	attach_router c0 s0
	load_rules "$(rules_file fwd.rules <<-'RULES'
		100 allow tcp from 192.0.2.0/24 to 198.51.100.2 5001 setup
		110 allow tcp from any to any established
		200 allow udp from 192.0.2.2 to 198.51.100.2 5002
		300 allow icmp from any to any icmptypes 0,8
		310 allow icmp6 from any to any icmp6types 128,129
		400 deny ip from any to any
	RULES
	)"
	tcp_listen server 4 5001
	tcp_listen server 4 5003
	tcp_ok client 4 "$server4" 5001 || fail "TCP to the allowed port 5001 did not get through"
	! tcp_ok client 4 "$server4" 5003 || fail "TCP to port 5003 got through (deny ip from any to any)"
	udp_arrives 5002 || fail "UDP to the allowed port 5002 did not arrive"
	! udp_arrives 5004 || fail "UDP to port 5004 arrived (deny ip from any to any)"

	local before300 before310
	before300="$(rule_packets 300)"
	before310="$(rule_packets 310)"
	rexec client ping -4 -c 3 -i 0.2 -W 2 -q "$server4" >/dev/null || fail "IPv4 ping did not get through"
	rexec client ping -6 -c 3 -i 0.2 -W 2 -q "$server6" >/dev/null || fail "IPv6 ping did not get through"
	# Each echo and each reply crosses the router in and out: 3 pings, 4 matches each.
	assert_eq 12 $(($(rule_packets 300) - before300)) "rule 300 packets for 3 IPv4 pings"
	assert_eq 12 $(($(rule_packets 310) - before310)) "rule 310 packets for 3 IPv6 pings"
	pass
}

main "$@"
