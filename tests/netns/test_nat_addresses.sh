#!/usr/bin/env bash
# Masquerade takes the address of the interface a packet leaves by, whatever brought it there
# (issues 22, 26, 24): on a host that does not forward (the sysctl's default), under policy
# routing (setfib, setmark + an ip rule) to a second upstream, and after the outside interface
# is deleted and made again under its old name. Inside addresses never leave.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/fw_lib.sh"

readonly router_s0=198.51.100.1 router_u0=203.0.113.1 up2_4=203.0.113.2 server_b=198.51.100.3

# capture NS FILE [IF]: tcpdump of NS's IF (eth0) into FILE (text), IPv4 only.
capture() {
	: >"$2.err"
	bg_in "$1" tcpdump --immediate-mode -l -n -i "${3:-eth0}" ip >"$2" 2>"$2.err"
	wait_until 5 "tcpdump in $1" grep -q listening "$2.err"
}

# no_packet_from FILE ADDR WHAT: no packet in the capture had source ADDR.
no_packet_from() {
	! grep -q "IP $2[ .]" "$1" || fail "$3: a packet left with $2: $(grep "IP $2[ .]" "$1" | head -3)"
}

nat_stat() { xgw_in "$1" nat show --json | jq -er ".counters[\"$2\"]"; }

# A host that does not forward masquerades its own traffic out of its only interface.
host_without_forwarding() {
	assert_eq 0 "$(rexec server sysctl -n net.ipv4.ip_forward)" "the server's ip_forward (default)"
	rexec server ip addr add "$server_b/24" dev eth0
	run xgw_in server attach eth0
	[ "$rc" -eq 0 ] || fail "attach in the server: $out"
	netns_pin_roots+=("$(xgw_in server status --json | jq -r .pin_root)")
	run xgw_in server fw add 100 allow ip from any to any
	[ "$rc" -eq 0 ] || fail "fw add: $out"
	run xgw_in server nat masquerade eth0
	[ "$rc" -eq 0 ] || fail "nat masquerade eth0: $out"
	[[ "$out" != *warning* ]] || fail "masquerade on an interface with addresses warned: $out"

	capture router "$netns_work/host.txt" s0
	rexec server ping -c 3 -i 0.1 -W 2 -q "$router_s0" >/dev/null || fail "ping from a host that does not forward"
	rexec server ping -c 3 -i 0.1 -W 2 -q -I "$server_b" "$router_s0" >/dev/null ||
		fail "ping from the host's second address through masquerade"
	wait_until 5 "6 echo requests from $server4 at the router" \
		test "$(grep -c "IP $server4 > $router_s0: ICMP echo request" "$netns_work/host.txt")" -ge 6
	stop_bg
	no_packet_from "$netns_work/host.txt" "$server_b" "host masquerade"
	assert_eq 0 "$(nat_stat server no-address)" "no-address drops in the server"

	# An interface without an address: the command says so when it runs.
	rexec server ip link add wan9 type veth peer name wan9p
	run xgw_in server nat masquerade wan9
	[ "$rc" -eq 0 ] || fail "nat masquerade wan9: $out"
	assert_contains "$out" "wan9 has no IPv4 address" "masquerade on an interface without address"
	rexec server ip link del wan9
	log "forwarding off: the host's own traffic masqueraded to $server4, no-address 0; an interface without address warned"
}

# Two upstreams: HTTP steered to upstream2 by setfib (and by setmark + the operator's ip rule)
# leaves u0 with u0's address, though the main table routes the destination out of s0.
policy_routed() {
	local how="$1" offload="${2:-}" rules
	if [ "$how" = setfib ]; then
		rules="$(rules_file policy.rules <<-EOF
			100 setfib 100 tcp from $client4 to any 80 in recv c0
			200 allow ip from any to any
			[nat]
			masquerade s0
			masquerade u0
		EOF
		)"
	else
		rules="$(rules_file policy.rules <<-EOF
			100 setmark 0x1 tcp from $client4 to any 80 in recv c0
			200 allow ip from any to any
			[nat]
			masquerade s0
			masquerade u0
		EOF
		)"
	fi
	load_rules "$rules"
	assert_not_contains "$out" "refuses XDP metadata" "$how: load in generic mode"
	capture upstream2 "$netns_work/up2.txt"
	tcp_transfer client upstream2 "$server4" 80 200000
	stop_bg
	grep -q "IP $router_u0\.[0-9]* > $server4\.80: Flags \[S\]" "$netns_work/up2.txt" ||
		fail "$how: no SYN from $router_u0 at upstream2: $(head -5 "$netns_work/up2.txt")"
	no_packet_from "$netns_work/up2.txt" "$client4" "$how"
	no_packet_from "$netns_work/up2.txt" "$router_s0" "$how"
	assert_eq 0 "$(nat_stat router no-address)" "$how: no-address drops in the router"
	log "$how: steered HTTP left u0 as $router_u0 (200 KB intact), no inside or s0 address"
}

# s0 deleted and made again with its old name and addresses: NAT keeps translating.
recreated_interface() {
	rexec router ip link del s0
	rexec router ip link add s0 address 02:00:00:00:02:01 type veth \
		peer name eth0 address 02:00:00:00:02:02 netns "${P}server"
	rexec router ip addr add "$router_s0/24" dev s0
	rexec server ip addr add "$server4/24" dev eth0
	rexec router ip link set s0 up
	rexec server ip link set eth0 up
	rexec router ip neigh replace "$server4" lladdr 02:00:00:00:02:02 dev s0 nud permanent
	rexec server ip neigh replace "$router_s0" lladdr 02:00:00:00:02:01 dev eth0 nud permanent
	rexec server ip route add default via "$router_s0"
	run xgw_in router attach s0 --mode generic
	[ "$rc" -eq 0 ] || fail "attach the new s0: $out"
	assert_contains "$out" "s0: attached" "attach of the re-created s0"

	capture server "$netns_work/recreated.txt"
	rexec client ping -c 3 -i 0.1 -W 2 -q "$server4" >/dev/null || fail "ping through the re-created s0"
	tcp_transfer client server "$server4" 5001 200000
	stop_bg
	grep -q "IP $router_s0 > $server4: ICMP echo request" "$netns_work/recreated.txt" ||
		fail "no ping from $router_s0 at the server after s0 was made again"
	no_packet_from "$netns_work/recreated.txt" "$client4" "re-created s0"
	log "s0 deleted and made again, attached: masquerade translates again, no inside address left"
}

main() {
	lab_setup
	require_tools nc tcpdump ethtool ping
	host_without_forwarding
	run xgw_in server detach --all
	[ "$rc" -eq 0 ] || fail "detach in the server: $out"

	rexec upstream2 ip addr add "$server4/32" dev lo
	rexec router ip route add default via "$up2_4" table 100
	attach_router c0 s0 u0 --mode generic
	policy_routed setfib
	rexec router ip rule add pref 500 fwmark 0x1/0xff lookup 100
	policy_routed setmark
	run xgw_in router attach c0 s0 u0 --forward
	[ "$rc" -eq 0 ] || fail "attach --forward: $out"
	policy_routed setfib offload
	run xgw_in router attach c0 s0 u0 --no-forward
	[ "$rc" -eq 0 ] || fail "attach --no-forward: $out"
	rexec upstream2 ip addr del "$server4/32" dev lo

	recreated_interface
	pass
}

main "$@"
