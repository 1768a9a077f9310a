#!/usr/bin/env bash
# ipfw's dynamic rules without check-state, on a forwarding router: a handbook ruleset lets LAN
# DNS queries out with a narrow `out xmit s0 keep-state` rule and ends in a catch-all deny. As on
# FreeBSD, the answers come back: the flow is consulted at the keep-state rule the walk reaches,
# though the answer matches nothing of that rule's body (wrong direction, interface, addresses).
# Unsolicited datagrams from the same server are still denied.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

lab_setup
attach_router c0 s0

cat >"$netns_work/rules.conf" <<'RULES'
100 allow udp from 192.0.2.0/24 to 198.51.100.2 53 out xmit s0 keep-state
200 allow ip from 192.0.2.0/24 to any in recv c0
300 deny ip from any to any
RULES
run xgw_in router fw load "$netns_work/rules.conf"
[ "$rc" -eq 0 ] || fail "fw load: $out"
run xgw_in router fw set dyn_udp_lifetime 120
[ "$rc" -eq 0 ] || fail "fw set: $out"

# A DNS-like responder on the server: answers each datagram on port 53.
bg_in server python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("198.51.100.2", 53))
while True:
    data, peer = s.recvfrom(2048)
    s.sendto(b"answer:" + data, peer)'
wait_until 5 "responder on udp 53" listening server udp 53

run rexec client python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("192.0.2.2", 40053))
s.settimeout(3)
for i in range(3):
    s.sendto(b"q%d" % i, ("198.51.100.2", 53))
    print(s.recvfrom(2048)[0].decode())'
[ "$rc" -eq 0 ] || fail "no answer through keep-state without check-state: $out"
assert_eq $'answer:q0\nanswer:q1\nanswer:q2' "$out" "answers received by the client"

states="$(xgw_in router fw states --json)"
assert_eq 1 "$(jq '.flows | length' <<<"$states")" "flows in the table"
assert_eq 100 "$(jq -r '.flows[0].rule' <<<"$states")" "flow's rule"

# Unsolicited: from port 54 to the client's port, and from 53 to a port with no flow.
stop_bg
run rexec client python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("192.0.2.2", 40099))
s.settimeout(1)
try:
    print(s.recvfrom(2048))
except socket.timeout:
    print("nothing")' &
listener=$!
wait_until 5 "client listening on 40099" listening client udp 40099
rexec server python3 -c '
import socket
for sport, dport in ((54, 40053), (53, 40099)):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("198.51.100.2", sport))
    s.sendto(b"unsolicited", ("192.0.2.2", dport))'
wait "$listener"
shows="$(xgw_in router fw show --json)"
assert_eq 2 "$(jq '.rules[] | select(.number == 300) | .packets' <<<"$shows")" "unsolicited datagrams denied by rule 300"
# Counted on the keep-state rule: the 3 queries on s0's egress (the first by the rule's own
# match, which makes the flow), queries 2 and 3 on c0's ingress (the flow, at rule 100's probe,
# before rule 200), and the 3 answers on s0's ingress and again on c0's egress.
assert_eq 11 "$(jq '.rules[] | select(.number == 100) | .packets' <<<"$shows")" "packets counted on the keep-state rule"

assert_eq "accepted by rule 100 (a flow of its keep-state)" \
	"$(xgw_in router fw check in via s0 udp from 198.51.100.2 53 to 192.0.2.2 40053 | head -1)" "check of an answer of the live flow"
assert_eq "denied by rule 300" \
	"$(xgw_in router fw check in via s0 udp from 198.51.100.2 53 to 192.0.2.2 40100 | head -1)" "check of an unsolicited answer"
pass
