#!/usr/bin/env bash
# reject answers: a TCP connection to a rejected port is refused at once (a reset, not a
# timeout) and a UDP datagram to one gets an ICMP/ICMPv6 port unreachable that the sending
# socket sees as ECONNREFUSED; IPv4 and IPv6; on ingress (XDP, forwarded traffic, in generic,
# native and auto mode) and on egress (tc, the router's own traffic, answered into its own
# stack). The client's veth is left as it is: no XDP program, no GRO, which native XDP_TX on
# a veth would need; xgw sends those answers through tc instead (docs/datapath.md).
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=fw_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/fw_lib.sh"

# tcp_refused NS FAMILY ADDR PORT: nc's connect fails with "Connection refused".
tcp_refused() {
	run rexec "$1" timeout 10 nc -v "-$2" -w 5 -z "$3" "$4"
	[ "$rc" -ne 0 ] || fail "TCP to $3 port $4 from $1 was accepted, not refused"
	assert_contains "$out" "Connection refused" "TCP to $3 port $4 from $1"
}

# udp_refused NS ADDR PORT: a connected UDP socket's send draws an error that recv reports.
udp_refused() {
	run rexec "$1" "$netns_python" - "$2" "$3" <<-'PY'
		import socket, sys
		addr, port = sys.argv[1], int(sys.argv[2])
		s = socket.socket(socket.AF_INET6 if ":" in addr else socket.AF_INET, socket.SOCK_DGRAM)
		s.settimeout(5)
		s.connect((addr, port))
		s.send(b"x")
		try:
		    s.recv(100)
		    print("answered")
		except ConnectionRefusedError:
		    print("refused")
		except socket.timeout:
		    print("timeout")
	PY
	assert_eq refused "$out" "UDP to $2 port $3 from $1"
}

replies() { xgw_in router fw replies --json; }

# replies_grew BEFORE WHAT N: the answer counter WHAT grew by N since BEFORE.
replies_grew() {
	assert_eq "$3" $(($(replies | jq -r ".\"$2\"") - $(jq -r ".\"$2\"" <<<"$1"))) "answers $2"
}

listeners() {
	tcp_listen server 4 5001
	tcp_listen server 6 5003
	bg_in server nc -4 -u -k -l 5002
	bg_in server nc -6 -u -k -l 5004
	wait_until 5 "udp listeners on the server" listening server udp 5004
}

# reject_ports DIR: rules rejecting TCP to 5001 and 5003 and UDP to 5002 and 5004 (in or out).
reject_ports() {
	load_rules "$(rules_file "$1.rules" <<-RULES
		100 reject tcp from any to any 5001,5003 $1
		110 reject udp from any to any 5002,5004 $1
		200 allow ip from any to any
	RULES
	)"
}

# expect_refused NS: TCP and UDP from NS to the rejected ports are refused, IPv4 and IPv6, each
# by exactly one answer of xgw.
expect_refused() {
	local ns="$1" before
	before="$(replies)"
	tcp_refused "$ns" 4 "$server4" 5001
	tcp_refused "$ns" 6 "$server6" 5003
	udp_refused "$ns" "$server4" 5002
	udp_refused "$ns" "$server6" 5004
	replies_grew "$before" tcp-rst 2
	replies_grew "$before" icmp-unreach 1
	replies_grew "$before" icmp6-unreach 1
}

ingress() {
	reject_ports in
	expect_refused client
	tcp_ok client 4 "$server4" 5001 && fail "the listener was reachable past the reject rule"
	log "ingress ($1): refused at once, answered by XDP"
}

egress() {
	reject_ports out
	expect_refused router
	log "egress: the router's own connections refused by tc"
}

# Native mode: answers leave through tc (XDP metadata tells tc ingress to send them); a kernel
# that refuses XDP metadata gets native refused on a veth, with the reason, rather than lost answers.
native() {
	local before
	run xgw_in router attach c0 s0 --mode native
	if [ "$rc" -eq 5 ]; then
		assert_contains "$out" "which this kernel refuses" "native refused without XDP metadata"
		run xgw_in router status --json
		[ "$rc" -eq 3 ] || fail "a refused native attach left state behind (status exit $rc): $out"
		log "native on a veth refused: this kernel has no XDP metadata"
		return
	fi
	[ "$rc" -eq 0 ] || fail "attach --mode native: $out"
	netns_pin_roots+=("$(xgw_in router status --json | jq -r .pin_root)")
	before="$(stats_json)"
	ingress native
	# Each of the 4 answers left through tc, none by XDP_TX into a peer that would drop it.
	assert_eq 4 $(($(jq -r '.forwarding["xdp-tx-via-tc"]' <<<"$(stats_json)") - $(jq -r '.forwarding["xdp-tx-via-tc"]' <<<"$before"))) "answers sent through tc"
	assert_contains "$(xgw_in router status --json | jq -r '.interfaces[] | select(.name == "c0") | .xdp_sends')" "tc" "status of native c0"
}

main() {
	lab_setup
	require_tools nc
	listeners
	# The listeners answer when nothing rejects: the refusals below come from xgw.
	tcp_ok client 4 "$server4" 5001 || fail "the TCP listener on 5001 is not reachable"
	tcp_ok client 6 "$server6" 5003 || fail "the TCP listener on 5003 is not reachable"
	attach_router c0 s0 --mode generic
	ingress generic
	egress
	xgw_in router detach --all --purge >/dev/null
	native
	xgw_in router detach --all --purge >/dev/null
	attach_router c0 s0
	assert_eq generic "$(xgw_in router status --json | jq -r '.interfaces[] | select(.name == "c0") | .mode')" "auto's mode on a veth"
	ingress auto
	pass
}

main "$@"
