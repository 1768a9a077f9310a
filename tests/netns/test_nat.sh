#!/usr/bin/env bash
# NAT on the lab router: masquerade (TCP transfer with matching sha256, UDP, ping; the
# server sees only the router), ICMP errors back through the translation (port
# unreachable, time exceeded), port forwarding with hairpin, static NAT, 10,000 concurrent UDP
# flows without a shared binding, and masquerade following an address change.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly router_s0=198.51.100.1 peer_py="$(dirname "${BASH_SOURCE[0]}")/nat_peer.py"

peer() {
	local ns="$1"
	shift
	rexec "$ns" "$netns_python" "$peer_py" "$@"
}

bg_peer() {
	local ns="$1"
	shift
	bg_in "$ns" "$netns_python" "$peer_py" "$@"
}

nat() {
	run xgw_in router nat "$@"
	[ "$rc" -eq 0 ] || fail "xgw nat $* exited $rc: $out"
}

masquerade() {
	local got sum
	nat masquerade s0 from 192.0.2.0/24
	head -c 4000000 /dev/urandom >"$netns_work/big"
	sum="$(sha256sum <"$netns_work/big" | cut -d' ' -f1)"
	bg_peer server tcp-sink 5001 "$netns_work/tcp.out"
	wait_until 5 "tcp listener" listening server tcp 5001
	rexec client nc -N "$server4" 5001 <"$netns_work/big" || fail "TCP transfer through masquerade"
	wait_until 10 "the server's sha256" test -s "$netns_work/tcp.out"
	assert_eq "$router_s0 $sum" "$(cat "$netns_work/tcp.out")" "server's peer and sha256 of 4 MB"

	bg_peer server udp-echo 5002 "$netns_work/udp.log"
	wait_until 5 "udp listener" listening server udp 5002
	got="$(peer client udp-ask "$server4" 5002)" || fail "UDP request/response through masquerade"
	assert_contains "$got" "$router_s0:" "the server's view of the UDP client"

	: >"$netns_work/icmp.err"
	bg_in server tcpdump --immediate-mode -l -n -Q in -i eth0 icmp >"$netns_work/icmp.txt" 2>"$netns_work/icmp.err"
	wait_until 5 "tcpdump on server" grep -q listening "$netns_work/icmp.err"
	rexec client ping -c 3 -i 0.1 -W 2 -q "$server4" >/dev/null || fail "ping through masquerade"
	wait_until 5 "3 echo requests at the server" test "$(grep -c "$router_s0 > $server4: ICMP echo request" "$netns_work/icmp.txt")" -ge 3
	! grep -q "$client4" "$netns_work/icmp.txt" || fail "the client's address reached the server"
	stop_bg

	run xgw_in router nat show --json
	[ "$rc" -eq 0 ] || fail "nat show: $out"
	[ "$(jq '[.flows[] | select(.translated == "source" and .as != null)] | length' <<<"$out")" -ge 3 ] ||
		fail "nat show lists fewer than 3 flows: $out"
	log "masquerade: 4 MB TCP sha256 equal, UDP and ping; the server saw only $router_s0"
}

icmp_errors() {
	local got
	got="$(peer client udp-error "$server4" 5999 64)"
	assert_eq "3 3 $server4" "$got" "port unreachable from the server, back through the NAT"
	# One hop more: the server routes 10.99.0.0/16 nowhere but forwards, so TTL 2 expires there.
	rexec server sysctl -qw net.ipv4.ip_forward=1
	rexec server ip route add 10.99.0.0/16 via 198.51.100.1
	rexec router ip route add 10.99.0.0/16 via "$server4"
	got="$(peer client udp-error 10.99.0.1 33434 2)"
	assert_eq "11 0 $server4" "$got" "time exceeded from the second hop, back through the NAT"
	log "ICMP errors about translated flows reach the client (port unreachable, time exceeded)"
}

port_forward() {
	local got
	nat flush
	nat redirect-port tcp "$client4:8080" "$router_s0:80"
	bg_peer client tcp-sink 8080 "$netns_work/fwd.out"
	wait_until 5 "client listener" listening client tcp 8080
	head -c 100000 /dev/urandom >"$netns_work/small"
	rexec server nc -N "$router_s0" 80 <"$netns_work/small" || fail "TCP to the forwarded port"
	wait_until 10 "the client's sha256" test -s "$netns_work/fwd.out"
	got="$(cat "$netns_work/fwd.out")"
	assert_eq "$server4 $(sha256sum <"$netns_work/small" | cut -d' ' -f1)" "$got" "forwarded port: peer and sha256"
	stop_bg
	log "redirect-port: the server reached the client's 8080 at $router_s0:80"
	# Hairpin: the client itself, by the public address, reaches its own forwarded port.
	bg_peer client tcp-sink 8080 "$netns_work/hairpin.out"
	wait_until 5 "client listener" listening client tcp 8080
	rexec client nc -N "$router_s0" 80 <"$netns_work/small" || fail "TCP to the forwarded port from inside"
	wait_until 10 "the hairpin sha256" test -s "$netns_work/hairpin.out"
	assert_eq "192.0.2.1 $(sha256sum <"$netns_work/small" | cut -d' ' -f1)" "$(cat "$netns_work/hairpin.out")" \
		"hairpin: peer (the router's inside address) and sha256"
	stop_bg
	log "hairpin: the client reached its own 8080 at $router_s0:80, seen from 192.0.2.1"
}

# The hairpin again under a default-deny ruleset whose keep-state flow must carry the reply
# (issue 24): the reply is judged as it arrives, which is what the request's flow holds.
hairpin_keep_state() {
	nat flush
	cat >"$netns_work/hairpin.rules" <<-EOF
		100 check-state
		200 allow tcp from 192.0.2.0/24 to any in recv c0 setup keep-state
		300 allow ip from any to any out
		[nat]
		redirect-port tcp $client4:8080 $router_s0:80
	EOF
	run xgw_in router fw load "$netns_work/hairpin.rules"
	[ "$rc" -eq 0 ] || fail "fw load hairpin.rules: $out"
	bg_peer client tcp-sink 8080 "$netns_work/hairpin2.out"
	wait_until 5 "client listener" listening client tcp 8080
	rexec client timeout 20 nc -N "$router_s0" 80 <"$netns_work/small" ||
		fail "TCP to the forwarded port from inside, under keep-state"
	wait_until 10 "the hairpin sha256" test -s "$netns_work/hairpin2.out"
	assert_eq "192.0.2.1 $(sha256sum <"$netns_work/small" | cut -d' ' -f1)" "$(cat "$netns_work/hairpin2.out")" \
		"hairpin under keep-state: peer and sha256"
	stop_bg
	run xgw_in router fw flush
	[ "$rc" -eq 0 ] || fail "fw flush: $out"
	run xgw_in router fw policy accept
	[ "$rc" -eq 0 ] || fail "fw policy accept: $out"
	log "hairpin under check-state/keep-state/deny: the reply matched the request's flow"
}

static_nat() {
	local got
	nat flush
	nat redirect-addr "$client4" 198.51.100.100 via s0
	rexec server ip neigh replace 198.51.100.100 lladdr "$router_s0_mac" dev eth0 nud permanent
	bg_peer client udp-echo 6000 "$netns_work/static.log"
	wait_until 5 "client udp listener" listening client udp 6000
	got="$(peer server udp-ask 198.51.100.100 6000)" || fail "UDP to the static public address"
	assert_eq "$server4:" "${got%%:*}:" "the client saw the server's real address"
	bg_peer server udp-echo 6001 "$netns_work/static2.log"
	wait_until 5 "server udp listener" listening server udp 6001
	got="$(peer client udp-ask "$server4" 6001)" || fail "UDP from the statically mapped host"
	assert_eq "198.51.100.100:" "${got%%:*}:" "the server saw the public address of the client"
	stop_bg
	log "redirect-addr: both directions map $client4 <-> 198.51.100.100"
}

many_flows() {
	local result flows
	nat flush
	nat masquerade s0
	rexec client ip addr add 192.0.2.3/24 dev eth0
	bg_peer server udp-count 7000 10000 "$netns_work/count.json"
	wait_until 5 "udp counter" test -e "$netns_work/count.json.ready"
	# The same 5,000 source ports from two addresses: half of them must move.
	peer client udp-flood "$server4" 7000 "$client4,192.0.2.3" 30000 5000
	wait_until 40 "the server's count" test -s "$netns_work/count.json"
	result="$(cat "$netns_work/count.json")"
	assert_eq 10000 "$(jq .sources <<<"$result")" "distinct sources at the server (datagrams $(jq .datagrams <<<"$result"))"
	assert_eq "[\"$router_s0\"]" "$(jq -c .addresses <<<"$result")" "source addresses at the server"
	flows="$(xgw_in router nat show --json | jq '[.flows[] | select(.destination == "'"$server4"':7000")]')"
	assert_eq 10000 "$(jq length <<<"$flows")" "NAT flows to port 7000"
	assert_eq 10000 "$(jq '[.[].as] | unique | length' <<<"$flows")" "distinct public ports"
	stop_bg
	log "10,000 concurrent UDP flows (5,000 ports x 2 hosts): 10,000 distinct bindings"
}

address_change() {
	local got
	nat flush
	nat masquerade u0
	bg_peer upstream2 udp-echo 7100 "$netns_work/up.log"
	wait_until 5 "upstream2 udp listener" listening upstream2 udp 7100
	got="$(peer client udp-ask 203.0.113.2 7100)" || fail "UDP through masquerade on u0"
	assert_eq "203.0.113.1:" "${got%%:*}:" "source before the change"
	# Deleting a primary address deletes its secondaries: the old one goes first.
	rexec router ip addr del 203.0.113.1/24 dev u0
	rexec router ip addr add 203.0.113.5/24 dev u0
	rexec upstream2 ip neigh replace 203.0.113.5 lladdr 02:00:00:00:03:01 dev eth0 nud permanent
	got="$(peer client udp-ask 203.0.113.2 7100)" || fail "UDP through masquerade after the address change"
	assert_eq "203.0.113.5:" "${got%%:*}:" "source after the change"
	stop_bg
	log "masquerade follows the address of u0 (203.0.113.1 -> 203.0.113.5) for new flows"
}

bad_input_changes_nothing() {
	local before
	before="$(xgw_in router nat show --json | jq -c .rules)"
	run xgw_in router nat snat s0 to 10.0.0.9-10.0.0.1
	assert_eq 2 "$rc" "exit code of a bad range"
	assert_contains "$out" "<command line>:1:" "error position"
	run xgw_in router nat masquerade nosuchif
	[ "$rc" -ne 0 ] || fail "masquerade on a missing interface succeeded"
	assert_eq "$before" "$(xgw_in router nat show --json | jq -c .rules)" "rules after bad input"
	log "bad NAT rules are refused with their position and change nothing"
}

main() {
	local host
	lab_setup
	require_tools nc tcpdump ethtool sha256sum
	rexec router sysctl -qw net.ipv4.ip_forward=1
	attach_router c0 s0 u0 --mode generic --nat-bindings 32768 # 10,000 flows below
	masquerade
	icmp_errors
	port_forward
	hairpin_keep_state
	static_nat
	bad_input_changes_nothing
	many_flows
	address_change
	pass
}

main "$@"
