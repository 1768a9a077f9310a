#!/usr/bin/env bash
# ICMP errors about keep-state flows pass a default-deny ruleset: path MTU discovery through
# a narrower link works (the router's "fragmentation needed", judged at tc egress), and a UDP
# send to a closed port comes back refused (the server's port unreachable, judged at XDP
# ingress). Neither error matches an allow rule on its own.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=fw_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/fw_lib.sh"

related_count() { xgw_in router fw states --json | jq -r '.counters["related-icmp-error"]'; }

main() {
	lab_setup
	require_tools nc cmp
	py="$(scapy_python)"
	attach_router c0 s0
	load_rules "$(rules_file related.rules <<-RULES
		100 check-state
		200 allow ip from $client4 to any keep-state
		300 deny ip from any to any
	RULES
	)"
	local before
	before="$(related_count)"

	# Only the router's s0 is narrow: the server still offers a 1460-byte MSS, so the client
	# learns the path's MTU from the router's ICMP or not at all.
	xgw_in router link set s0 mtu 1280 >/dev/null
	tcp_transfer client server "$server4" 5003 400000
	log "TCP through a 1280-byte hop: the router's fragmentation-needed reached the client"

	run rexec client "$py" - "$server4" <<-'PY'
		import socket, sys
		s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
		s.settimeout(3)
		s.connect((sys.argv[1], 9))
		s.send(b"anyone?")
		try:
		    s.recv(100)
		except ConnectionRefusedError:
		    print("refused")
		except socket.timeout:
		    print("timeout")
	PY
	assert_eq refused "$out" "UDP to a closed port of the server"
	[ $(($(related_count) - before)) -ge 2 ] || fail "related-icmp-error counted $(($(related_count) - before))"
	pass
}

main "$@"
