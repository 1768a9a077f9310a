#!/usr/bin/env bash
# Reloading an equivalent ruleset again and again under a steady stream of allowed UDP loses no
# packet: every datagram the client sent reaches the server's socket, and xgw dropped none.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=fw_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/fw_lib.sh"

readonly port=6001 gap=0.001 reloads=15

# Sends datagrams until the stop file appears, then writes how many into it and sends the end marker.
# Counts datagrams on the server until the sender's end marker arrives; prints the count.
receiver() {
	cat <<-'PY'
		import socket, sys
		s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
		s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
		s.bind(("0.0.0.0", int(sys.argv[1])))
		open(sys.argv[2] + ".ready", "w").close()
		n = 0
		while True:
		    data = s.recv(64)
		    if data == b"end":
		        break
		    n += 1
		open(sys.argv[2], "w").write(str(n))
	PY
}

sender() {
	cat <<-'PY'
		import os, socket, sys, time
		s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
		dst, stop, n = (sys.argv[1], int(sys.argv[2])), sys.argv[3], 0
		while not os.path.exists(stop):
		    s.sendto(b"x" * 32, dst)
		    n += 1
		    time.sleep(float(sys.argv[4]))
		open(stop, "w").write(str(n))
		time.sleep(0.5)
		for _ in range(3):
		    s.sendto(b"end", dst)
	PY
}

main() {
	lab_setup
	attach_router c0 s0
	local a b
	a="$(rules_file a.rules <<-'RULES'
		100 allow udp from 192.0.2.0/24 to 198.51.100.0/24 6001
		200 allow icmp from any to any
		300 deny ip from any to any
	RULES
	)"
	# The same policy in other words: every reload builds and flips a whole new generation.
	b="$(rules_file b.rules <<-'RULES'
		50 count ip from any to any
		100 accept udp from {192.0.2.0/25,192.0.2.128/25} to 198.51.100.0/24 6000-6001
		200 pass icmp from any to any
		300 drop ip from any to any
	RULES
	)"
	load_rules "$a"
	local got="$netns_work/received"
	bg_in server "$netns_python" -c "$(receiver)" "$port" "$got"
	wait_until 5 "the receiver" test -e "$got.ready"
	local before
	before="$(stats_json)"
	local stop="$netns_work/stop"
	rexec client "$netns_python" -c "$(sender)" "$server4" "$port" "$stop" "$gap" &
	local sender_pid=$! i
	sleep 0.2
	for ((i = 0; i < reloads; i++)); do
		load_rules "$b"
		load_rules "$a"
	done
	touch "$stop"
	wait "$sender_pid" || fail "the sender failed"
	wait_until 10 "the receiver's count" test -s "$got"
	local after count
	after="$(stats_json)"
	count="$(cat "$stop")"
	[ "$count" -gt 100 ] || fail "only $count datagrams sent during the reloads"
	assert_eq "$count" "$(cat "$got")" "datagrams received while reloading $((2 * reloads)) times"
	assert_eq 0 "$(delta "$before" "$after" c0 ingress.verdicts.drop.packets)" "c0 ingress drops"
	assert_eq 0 "$(delta "$before" "$after" s0 egress.verdicts.drop.packets)" "s0 egress drops"
	log "$count datagrams, $((2 * reloads)) reloads, none lost"
	pass
}

main "$@"
