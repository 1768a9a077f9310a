#!/usr/bin/env bash
# Known traffic through the router (UDP and TCP from scapy, ping, IPv4 and IPv6)
# lands in every accounting table exactly: each host, port, protocol and ICMP
# type, in and out, packets and bytes (IP datagram length).
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# What the client sends: counts and IP datagram lengths.
readonly udp4_n=5 udp4_len=$((20 + 8 + 100))
readonly tcp4_n=3 tcp4_len=$((20 + 20))
readonly udp6_n=4 udp6_len=$((40 + 8 + 50))
readonly tcp6_n=2 tcp6_len=$((40 + 20))
readonly ping4_n=3 ping4_len=$((20 + 8 + 56))
readonly ping6_n=2 ping6_len=$((40 + 8 + 56))

send_l4() {
	rexec client "$py" - "$client_mac" "$router_c0_mac" "$client4" "$server4" "$client6" "$server6" \
		"$udp4_n" "$tcp4_n" "$udp6_n" "$tcp6_n" <<-'PY'
		import sys
		from scapy.all import Ether, IP, IPv6, TCP, UDP, Raw, conf, sendp
		smac, dmac, c4, s4, c6, s6 = sys.argv[1:7]
		u4, t4, u6, t6 = map(int, sys.argv[7:11])
		conf.verb = 0
		eth = Ether(src=smac, dst=dmac)
		frames = ([eth / IP(src=c4, dst=s4) / UDP(sport=5555, dport=9000) / Raw(b"u" * 100)] * u4 +
		          [eth / IP(src=c4, dst=s4) / TCP(sport=6666, dport=7000, flags="S")] * t4 +
		          [eth / IPv6(src=c6, dst=s6) / UDP(sport=5555, dport=9000) / Raw(b"v" * 50)] * u6 +
		          [eth / IPv6(src=c6, dst=s6) / TCP(sport=6666, dport=7000, flags="S")] * t6)
		sendp(frames, iface="eth0")
	PY
}

# Every nonzero accounting counter as "TABLE KEY DIR ROLE PACKETS BYTES", sorted.
acct_lines() {
	xgw_in router acct show --json | jq -r '
		def roles(k): . as $r | ["in", "out"][] as $d | ["src", "dst"][] as $o
			| $r[$d][$o] | select(.packets > 0) | "\(k) \($d) \($o) \(.packets) \(.bytes)";
		def dirs(k): . as $r | ["in", "out"][] as $d
			| $r[$d] | select(.packets > 0) | "\(k) \($d) - \(.packets) \(.bytes)";
		(.hosts[] | ("host " + .address) as $k | roles($k)),
		(.ports[] | "port \(.protocol)/\(.port)" as $k | roles($k)),
		(.protocols[] | "proto \(.family)/\(.name)" as $k | dirs($k)),
		(.icmp_types[] | "icmp \(.family)/\(.name)" as $k | dirs($k))' | sort
}

# expect_line TABLE KEY DIR ROLE PACKETS BYTES (a line of the expected table)
expect_line() { echo "$*"; }

expected_lines() {
	local c4_out=$((udp4_n + tcp4_n + ping4_n)) c4_out_b=$((udp4_n * udp4_len + tcp4_n * tcp4_len + ping4_n * ping4_len))
	local c6_out=$((udp6_n + tcp6_n + ping6_n)) c6_out_b=$((udp6_n * udp6_len + tcp6_n * tcp6_len + ping6_n * ping6_len))
	local dir
	# Everything the client sends enters at c0 (in) and leaves at s0 (out); the replies the other way.
	for dir in in out; do
		expect_line host "$client4" "$dir" src "$c4_out" "$c4_out_b"
		expect_line host "$server4" "$dir" dst "$c4_out" "$c4_out_b"
		expect_line host "$client4" "$dir" dst "$ping4_n" $((ping4_n * ping4_len))
		expect_line host "$server4" "$dir" src "$ping4_n" $((ping4_n * ping4_len))
		expect_line host "$client6" "$dir" src "$c6_out" "$c6_out_b"
		expect_line host "$server6" "$dir" dst "$c6_out" "$c6_out_b"
		expect_line host "$client6" "$dir" dst "$ping6_n" $((ping6_n * ping6_len))
		expect_line host "$server6" "$dir" src "$ping6_n" $((ping6_n * ping6_len))
		expect_line port udp/9000 "$dir" dst $((udp4_n + udp6_n)) $((udp4_n * udp4_len + udp6_n * udp6_len))
		expect_line port tcp/7000 "$dir" dst $((tcp4_n + tcp6_n)) $((tcp4_n * tcp4_len + tcp6_n * tcp6_len))
		expect_line proto ipv4/udp "$dir" - "$udp4_n" $((udp4_n * udp4_len))
		expect_line proto ipv4/tcp "$dir" - "$tcp4_n" $((tcp4_n * tcp4_len))
		expect_line proto ipv4/icmp "$dir" - $((2 * ping4_n)) $((2 * ping4_n * ping4_len))
		expect_line proto ipv6/udp "$dir" - "$udp6_n" $((udp6_n * udp6_len))
		expect_line proto ipv6/tcp "$dir" - "$tcp6_n" $((tcp6_n * tcp6_len))
		expect_line proto ipv6/icmpv6 "$dir" - $((2 * ping6_n)) $((2 * ping6_n * ping6_len))
		expect_line icmp ipv4/echo-request "$dir" - "$ping4_n" $((ping4_n * ping4_len))
		expect_line icmp ipv4/echo-reply "$dir" - "$ping4_n" $((ping4_n * ping4_len))
		expect_line icmp ipv6/echo-request "$dir" - "$ping6_n" $((ping6_n * ping6_len))
		expect_line icmp ipv6/echo-reply "$dir" - "$ping6_n" $((ping6_n * ping6_len))
	done
}

c0_in_packets() { stat_of "$(stats_json)" c0 ingress.verdicts.pass.packets; }

main() {
	lab_setup
	require_tools ping nft
	py="$(scapy_python)"
	attach_router c0 s0
	xgw_in router acct add net 192.0.2.0/24 198.51.100.0/24 2001:db8:1::/64 2001:db8:2::/64
	xgw_in router acct add port udp/9000 tcp/7000 udp/5353
	xgw_in router acct add protocols
	xgw_in router acct add icmp-types
	# The server takes the UDP and TCP in silence: no RST, no port unreachable.
	rexec server nft -f - <<-'EOF'
		table inet acct_test {
			chain input {
				type filter hook input priority filter; policy accept;
				udp dport 9000 drop
				tcp dport 7000 drop
			}
		}
	EOF

	assert_eq "" "$(acct_lines)" "counters before any traffic"
	send_l4
	rexec client ping -q -c "$ping4_n" -i 0.2 -s 56 "$server4" >/dev/null
	rexec client ping -6 -q -c "$ping6_n" -i 0.2 -s 56 "$server6" >/dev/null
	local total=$((udp4_n + tcp4_n + udp6_n + tcp6_n + ping4_n + ping6_n))
	wait_until 5 "$total frames at c0" test "$(c0_in_packets)" -ge "$total"

	local got want
	got="$(acct_lines)"
	want="$(expected_lines | sort)"
	if [ "$got" != "$want" ]; then
		diff <(echo "$want") <(echo "$got") >&2 || true
		fail "accounting tables differ from the traffic sent (< expected, > got)"
	fi
	assert_eq 0 "$(xgw_in router acct show --json | jq .host_overflow)" "host overflow"

	# Zero returns the same tables and leaves nothing behind.
	run xgw_in router acct show --zero --json
	[ "$rc" -eq 0 ] || fail "acct show --zero exited $rc: $out"
	assert_eq "" "$(acct_lines)" "counters after --zero"
	xgw_in router acct flush
	assert_eq '[]' "$(xgw_in router acct show --json | jq -c .nets)" "nets after flush"
	pass
}

main "$@"
