#!/usr/bin/env bash
# Two matches the data path once got wrong: ports of SCTP packets (sctp rules with ports never
# matched) and `recv IF` on egress (the interface a forwarded packet came in on; it never matched).
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=fw_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/fw_lib.sh"

# send_sctp DPORT...: one SCTP common header (INIT chunk) from the client to the server per port.
send_sctp() {
	rexec client "$py" - "$client_mac" "$router_c0_mac" "$client4" "$server4" "$@" <<-'PY'
		import sys
		from scapy.all import Ether, IP, Raw, conf, sendp
		smac, dmac, src, dst = sys.argv[1:5]
		conf.verb = 0
		for port in sys.argv[5:]:
		    common = (40000).to_bytes(2, "big") + int(port).to_bytes(2, "big") + bytes(8)
		    init = bytes([1, 0, 0, 20]) + bytes(16)
		    sendp(Ether(src=smac, dst=dmac) / IP(src=src, dst=dst, proto=132) / Raw(common + init),
		          iface="eth0")
	PY
}

check_sctp_ports() {
	load_rules "$(rules_file sctp.rules <<-'RULES'
		100 count sctp from any 40000 to any 5000 in
		200 deny sctp from any to any 5001 in
		300 allow ip from any to any
	RULES
	)"
	send_sctp 5000 5000 5001 5002
	assert_eq 2 "$(rule_packets 100)" "packets to SCTP port 5000 counted by 'count sctp ... 5000'"
	assert_eq 1 "$(rule_packets 200)" "packets to SCTP port 5001 counted by 'deny sctp ... 5001'"
}

check_recv_on_egress() {
	load_rules "$(rules_file recv.rules <<-'RULES'
		100 deny icmp from any to any out recv c0 icmptypes 8
		200 allow ip from any to any
	RULES
	)"
	# The client's echo requests come in on c0 and leave by s0: rule 100 stops them there.
	! rexec client ping -4 -c 2 -i 0.2 -W 1 -q "$server4" >/dev/null ||
		fail "pings from the client (in on c0) got through 'deny ... out recv c0'"
	assert_eq 2 "$(rule_packets 100)" "echo requests forwarded from c0, denied on the way out"
	# The server's requests come in on s0; the router's own requests came in on no interface.
	rexec server ping -4 -c 2 -i 0.2 -W 2 -q "$client4" >/dev/null ||
		fail "pings from the server (in on s0) were stopped by 'recv c0'"
	rexec router ping -4 -c 2 -i 0.2 -W 2 -q "$server4" >/dev/null ||
		fail "the router's own pings were stopped by 'recv c0'"
	assert_eq 2 "$(rule_packets 100)" "rule 100 after traffic that did not come in on c0"
}

main() {
	lab_setup
	require_tools ping
	py="$(scapy_python)"
	attach_router c0 s0
	check_sctp_ports
	check_recv_on_egress
	pass
}

main "$@"
