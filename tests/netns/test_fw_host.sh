#!/usr/bin/env bash
# The handbook's host firewall on the router: its own services 25 and 80 answer new TCP
# connections, everything else addressed to it is dropped, and what it starts itself gets its
# replies (TCP) through `established`. Checked with real nc and ping, IPv4 and IPv6.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=fw_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/fw_lib.sh"

readonly router_c4=192.0.2.1 router_c6=2001:db8:1::1

main() {
	lab_setup
	require_tools nc ping
	attach_router c0 s0
	load_rules "$(rules_file host.rules <<-'RULES'
		allow ip from me to any
		allow ip from any to me established
		allow tcp from any to me 25 setup
		allow tcp from any to me 80 setup
		deny ip from any to any
	RULES
	)"
	local port family addr
	for port in 25 80 22; do
		tcp_listen router 6 "$port" # [::] takes IPv4 too
	done
	for family in 4 6; do
		addr=$router_c4
		[ "$family" = 6 ] && addr=$router_c6
		tcp_ok client "$family" "$addr" 25 || fail "IPv$family: client could not reach the router's port 25"
		tcp_ok client "$family" "$addr" 80 || fail "IPv$family: client could not reach the router's port 80"
		! tcp_ok client "$family" "$addr" 22 || fail "IPv$family: the router's port 22 answered through the firewall"
		! rexec client ping "-$family" -c 2 -i 0.2 -W 1 -q "$addr" >/dev/null ||
			fail "IPv$family: the router answered ping (deny ip from any to any)"
		log "IPv$family: 25 and 80 open, 22 and ping closed"
	done
	[ "$(rule_packets 300)" -ge 2 ] || fail "rule 300 (25 setup) counted no SYN"
	[ "$(rule_packets 400)" -ge 2 ] || fail "rule 400 (80 setup) counted no SYN"

	# The router's own connections: out through 'from me', replies in through 'established'.
	tcp_listen client 4 8080
	tcp_ok router 4 192.0.2.2 8080 || fail "the router could not connect out (allow ip from me to any)"
	# Only TCP can be 'established': echo replies to the router's own ping are dropped, as in ipfw.
	! rexec router ping -c 2 -i 0.2 -W 1 -q 192.0.2.2 >/dev/null ||
		fail "echo replies reached the router: 'established' matched a non-TCP packet"
	# Forwarded traffic is neither from nor to me: rule 500 drops it.
	tcp_listen server 4 5001
	! tcp_ok client 4 198.51.100.2 5001 || fail "forwarded TCP passed the host firewall"
	[ "$(rule_packets 500)" -gt 0 ] || fail "rule 500 counted nothing"
	pass
}

main "$@"
