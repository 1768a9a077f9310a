#!/usr/bin/env bash
# Fragmented datagrams through a default-deny, keep-state router with masquerade (issue 24):
# UDP of 3000 and 9000 bytes from the client to the server and back, IPv4 and IPv6, arrive
# whole; every fragment leaves the router translated (a capture at the server never shows the
# client's address); later fragments follow their first (counted fragment-followed). A later
# fragment whose first never came is dropped where NAT would have translated it.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/fw_lib.sh"

readonly router_s0=198.51.100.1 peer_py="$(dirname "${BASH_SOURCE[0]}")/nat_peer.py"

nat_stat() { xgw_in router nat show --json | jq -er ".counters[\"$1\"]"; }

# round_trip DST SIZE: one datagram of SIZE bytes from the client to DST and the same back.
round_trip() {
	rexec client "$netns_python" "$peer_py" udp-big-ask "$1" 7000 "$2" ||
		fail "$2-byte UDP datagram to $1 and back"
}

datagrams() {
	local mode="$1" before after size
	before="$(nat_stat fragment-followed)"
	: >"$netns_work/server.err"
	bg_in server tcpdump --immediate-mode -l -n -i eth0 "ip or ip6" >"$netns_work/server.txt" 2>"$netns_work/server.err"
	wait_until 5 "tcpdump in the server" grep -q listening "$netns_work/server.err"
	for size in 3000 9000; do
		round_trip "$server4" "$size"
		round_trip "$server6" "$size"
	done
	sleep 0.5
	stop_bg
	after="$(nat_stat fragment-followed)"
	# 3000 bytes: 2 fragments each way at MTU 1500 (1 later), 9000: 7 (6 later); the router
	# follows each later fragment at ingress and, for IPv4, once more at egress.
	[ $((after - before)) -ge $(((1 + 6) * 2 * 3)) ] ||
		fail "$mode: later fragments followed: $((after - before))"
	! grep -q "IP $client4 " "$netns_work/server.txt" ||
		fail "$mode: the client's address reached the server: $(grep "IP $client4 " "$netns_work/server.txt" | head -3)"
	grep -q "IP $router_s0 > $server4: ip-proto-17" "$netns_work/server.txt" ||
		fail "$mode: no later fragment from $router_s0 at the server: $(head -5 "$netns_work/server.txt")"
	grep -q "$client6 > $server6: frag" "$netns_work/server.txt" ||
		fail "$mode: no IPv6 fragment at the server"
	assert_eq "3000 3000 9000 9000" "$(awk '{print $2}' "$netns_work/echo.log" | tail -4 | tr '\n' ' ' | sed 's/ $//')" \
		"$mode: datagram sizes the server received"
	log "$mode: 3000 and 9000-byte UDP both ways, v4 and v6, whole; $((after - before)) later fragments followed, none left untranslated"
}

# A later fragment alone (scapy), its first never sent: dropped, never leaves untranslated.
orphan_fragment() {
	local before after
	before="$(nat_stat fragment-dropped)"
	: >"$netns_work/orphan.err"
	bg_in server tcpdump --immediate-mode -l -n -i eth0 ip >"$netns_work/orphan.txt" 2>"$netns_work/orphan.err"
	wait_until 5 "tcpdump in the server" grep -q listening "$netns_work/orphan.err"
	rexec client "$(scapy_python)" - "$server4" <<-'PY'
		import sys
		from scapy.all import IP, Raw, conf, send
		conf.verb = 0
		send(IP(src="192.0.2.2", dst=sys.argv[1], proto=17, id=4242, frag=185, flags=0) / Raw(b"x" * 200))
	PY
	wait_until 5 "fragment-dropped to grow" test "$(nat_stat fragment-dropped)" -gt "$before"
	stop_bg
	! grep -q "IP $client4 " "$netns_work/orphan.txt" || fail "an orphan fragment left untranslated"
	log "a later fragment without its first: dropped at egress (fragment-dropped), nothing leaked"
}

main() {
	lab_setup
	require_tools tcpdump
	local rules
	bg_in server "$netns_python" "$peer_py" udp-big-echo 7000 6 "$netns_work/echo.log"
	attach_router c0 s0 --mode generic
	rules="$(rules_file frag.rules <<-EOF
		100 check-state
		200 allow udp from 192.0.2.0/24 to any in recv c0 keep-state
		300 allow udp from 2001:db8:1::/64 to any in recv c0 keep-state
		400 allow ip from any to any out
		[nat]
		masquerade s0 from 192.0.2.0/24
	EOF
	)"
	load_rules "$rules"
	wait_until 5 "udp listener" listening server udp 7000
	# The echo server stays up across the captures: stop_bg would stop it too, so restart it.
	datagrams "generic XDP"
	bg_in server "$netns_python" "$peer_py" udp-big-echo 7000 6 "$netns_work/echo.log"
	wait_until 5 "udp listener" listening server udp 7000
	run xgw_in router attach c0 s0 --forward
	[ "$rc" -eq 0 ] || fail "attach --forward: $out"
	datagrams "forwarding offload"
	orphan_fragment
	pass
}

main "$@"
