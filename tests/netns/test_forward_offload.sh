#!/usr/bin/env bash
# XDP forwarding offload (attach --forward): ICMP, UDP and TCP between client and
# server leave the router by redirect with TTL/hop limit 63 and valid checksums,
# counted under the redirect verdict; what the offload cannot do goes to the
# stack and is counted by outcome; a route change is followed by the next packet.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly anycast=198.18.30.1 up2_4=203.0.113.2
redirects=0

fwd_count() { jq -r --arg k "$2" '.forwarding[$k]' <<<"$1"; }

# capture_server FILTER: what arrives at the server's eth0, as tcpdump -vv text into
# $netns_work/server.txt and as a pcap for the checksum check.
capture_server() {
	: >"$netns_work/server.err"
	bg_in server tcpdump --immediate-mode -U -l -vv -n -Q in -i eth0 -w "$netns_work/server.pcap" --print "$1" \
		>"$netns_work/server.txt" 2>"$netns_work/server.err"
	wait_until 5 "tcpdump on server eth0" grep -q listening "$netns_work/server.err"
}

check_capture() {
	local what="$1" want="$2" hops="$3" text
	wait_until 5 "$want $what packets in the server capture" \
		test "$(grep -c "$hops" "$netns_work/server.txt")" -ge "$want"
	stop_bg
	text="$(cat "$netns_work/server.txt")"
	[[ "$text" != *"bad cksum"* ]] || fail "$what: IP header checksum errors at the server: $text"
	# Layer 4 from the pcap, not tcpdump's "incorrect": on veth defaults TCP and UDP
	# arrive with the checksum left to offload, which only a seed check can judge.
	l4_checksums_ok "$what" "$netns_work/server.pcap"
	[[ "$text" != *"ttl 64"* && "$text" != *"hlim 64"* ]] || fail "$what: a packet reached the server unrouted: $text"
}

icmp_both_families() {
	local before after
	before="$(stats_json)"
	capture_server "icmp or icmp6"
	rexec client ping -c 5 -i 0.05 -W 2 -q "$server4" >/dev/null || fail "IPv4 ping through the offload"
	rexec client ping -6 -c 5 -i 0.05 -W 2 -q "$server6" >/dev/null || fail "IPv6 ping through the offload"
	check_capture ICMP 5 "ttl 63"
	grep -q "hlim 63" "$netns_work/server.txt" || fail "no IPv6 packet with hop limit 63 at the server"
	after="$(stats_json)"
	assert_eq 10 "$(delta "$before" "$after" c0 ingress.verdicts.redirect.packets)" "c0 redirects (5 v4 + 5 v6 requests)"
	assert_eq 10 "$(delta "$before" "$after" s0 ingress.verdicts.redirect.packets)" "s0 redirects (replies)"
	assert_eq 0 "$(delta "$before" "$after" c0 ingress.verdicts.pass.packets)" "c0 packets left to the stack"
	log "ICMP v4/v6: ttl/hlim 63 at the server, checksums valid, 10+10 redirects"
}

udp_and_tcp() {
	local before after got="$netns_work/udp.out"
	before="$(stats_json)"
	capture_server "udp or tcp"
	bg_in server nc -d -u -l 5001 >"$got"
	wait_until 5 "udp listener" listening server udp 5001
	head -c 300 /dev/urandom >"$netns_work/udp.in"
	rexec client nc -u -q 0 -p 40001 "$server4" 5001 <"$netns_work/udp.in" || fail "nc udp"
	wait_until 5 "300 UDP bytes at the server" test "$(stat -c %s "$got")" -eq 300
	cmp -s "$got" "$netns_work/udp.in" || fail "UDP payload changed on the way"
	tcp_transfer client server "$server4" 5002 200000
	check_capture "UDP/TCP" 3 "ttl 63"
	after="$(stats_json)"
	[ "$(delta "$before" "$after" c0 ingress.verdicts.redirect.packets)" -ge 4 ] || fail "c0 redirect counter did not rise"
	[ "$(delta "$before" "$after" s0 ingress.verdicts.redirect.packets)" -ge 3 ] || fail "s0 redirect counter did not rise"
	log "UDP and TCP: payloads intact, ttl 63 and valid checksums at the server, redirects counted"
}

stack_fallbacks() {
	local before after
	before="$(stats_json)"
	rexec client ping -c 1 -t 1 -W 1 "$server4" >/dev/null 2>&1 || true
	# No neighbour for this address on s0: the stack resolves it (and nobody answers).
	rexec client ping -c 1 -W 1 198.51.100.50 >/dev/null 2>&1 || true
	rexec client ping -c 1 -W 1 192.0.2.1 >/dev/null || fail "ping to the router itself"
	after="$(stats_json)"
	assert_eq 1 $(($(fwd_count "$after" ttl-expired) - $(fwd_count "$before" ttl-expired))) "ttl-expired outcome"
	[ $(($(fwd_count "$after" no-neighbour) - $(fwd_count "$before" no-neighbour))) -ge 1 ] || fail "no-neighbour outcome not counted"
	assert_eq 1 $(($(fwd_count "$after" not-forwarded) - $(fwd_count "$before" not-forwarded))) "local delivery outcome"
	log "stack fallbacks counted: ttl-expired, no-neighbour, not-forwarded (local)"
}

# The anycast address lives on the server and on upstream2; the next packet after
# the route moves from s0 to u0 must arrive at upstream2.
route_change() {
	local s_before u_before
	rexec server ip addr add "$anycast/32" dev lo
	rexec upstream2 ip addr add "$anycast/32" dev lo
	xgw_in router route add -host "$anycast" gw "$server4" || fail "route via s0"
	rexec client ping -c 1 -W 2 -q "$anycast" >/dev/null || fail "anycast via s0"
	s_before="$(link_stat server eth0 rx packets)"
	u_before="$(link_stat upstream2 eth0 rx packets)"
	rexec client ping -c 1 -W 2 -q "$anycast" >/dev/null || fail "anycast via s0 (second)"
	xgw_in router route delete -host "$anycast" gw "$server4" || fail "route delete"
	xgw_in router route add -host "$anycast" gw "$up2_4" || fail "route via u0"
	rexec client ping -c 1 -W 2 -q "$anycast" >/dev/null || fail "anycast via u0"
	assert_eq 1 $(($(link_stat server eth0 rx packets) - s_before)) "packets to the server around the change"
	assert_eq 1 $(($(link_stat upstream2 eth0 rx packets) - u_before)) "packets to upstream2 after the change"
	log "route change from s0 to u0 followed by the very next packet"
}

# ping and a 2 MB TCP transfer through the offload; the c0 redirects they made go to $redirects.
ping_and_2mb() {
	local mode="$1" port="$2" before after
	before="$(stats_json)"
	rexec client ping -c 5 -i 0.05 -W 2 -q "$server4" >/dev/null || fail "ping through the $mode offload"
	tcp_transfer client server "$server4" "$port" 2000000
	after="$(stats_json)"
	redirects="$(delta "$before" "$after" c0 ingress.verdicts.redirect.packets)"
}

# Native mode on veths whose peers are left as they are (no XDP, no GRO): a redirect into
# them would be lost, so the offload leaves those packets to the stack, counted.
native_mode() {
	local before
	xgw_in router detach --all --purge >/dev/null
	run xgw_in router attach c0 s0 u0 --mode native --forward
	if [ "$rc" -eq 5 ]; then
		assert_contains "$out" "which this kernel refuses" "native refused without XDP metadata"
		log "native on a veth refused: this kernel has no XDP metadata"
		return
	fi
	[ "$rc" -eq 0 ] || fail "attach --mode native: $out"
	netns_pin_roots+=("$(xgw_in router status --json | jq -r .pin_root)")
	before="$(stats_json)"
	ping_and_2mb native 5003
	assert_eq 0 "$redirects" "native c0 redirects into a veth"
	[ $(($(fwd_count "$(stats_json)" egress-not-xdp-ready) - $(fwd_count "$before" egress-not-xdp-ready))) -ge 5 ] ||
		fail "egress-not-xdp-ready not counted"
	log "native mode (peers untuned): ping and 2 MB delivered by the stack, counted egress-not-xdp-ready"
}

# auto on veths takes generic, and the offload redirects.
auto_mode() {
	xgw_in router detach --all --purge >/dev/null
	attach_router c0 s0 u0 --forward
	assert_eq "generic generic generic" "$(xgw_in router status --json | jq -r '[.interfaces[].mode] | join(" ")')" "auto's modes on veths"
	ping_and_2mb auto 5004
	[ "$redirects" -ge 5 ] || fail "auto mode: only $redirects redirects on c0"
	log "auto mode (generic on veth): ping and 2 MB forwarded by redirect"
}

main() {
	local host
	lab_setup
	require_tools ping nc tcpdump ethtool cmp
	attach_router c0 s0 u0 --mode generic --forward
	assert_eq "true true true" "$(xgw_in router status --json | jq -r '[.interfaces[].forward] | map(tostring) | join(" ")')" "status forward"
	icmp_both_families
	udp_and_tcp
	stack_fallbacks
	route_change
	ping_and_2mb generic 5005
	[ "$redirects" -ge 5 ] || fail "generic mode: only $redirects redirects on c0 for ping and 2 MB"
	native_mode
	auto_mode
	pass
}

main "$@"
