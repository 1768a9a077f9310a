#!/usr/bin/env bash
# The handbook's stateful DNS client on the client host itself: `allow udp from me to any 53
# keep-state` lets real replies in and drops unsolicited datagrams; the flow shows in
# `fw states`, a `log` rule reports the drops, and `fw check` names the deciding rules
# without moving a counter.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

lab_setup
run xgw_in client attach eth0
[ "$rc" -eq 0 ] || fail "attach on the client: $out"
netns_pin_roots+=("$(xgw_in client status --json | jq -r .pin_root)")

cat >"$netns_work/rules.conf" <<'RULES'
add check-state
add allow udp from me to any 53 keep-state
add allow icmp from any to any
add deny log udp from any to any
RULES
run xgw_in client fw load "$netns_work/rules.conf"
[ "$rc" -eq 0 ] || fail "fw load: $out"
# Long enough that the flow outlives the whole test on a loaded machine.
run xgw_in client fw set dyn_udp_lifetime 120
assert_contains "$out" "dyn_udp_lifetime = 120" "fw set"

# A DNS-like responder on the server: answers each datagram on port 53.
bg_in server python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("198.51.100.2", 53))
while True:
    data, peer = s.recvfrom(2048)
    s.sendto(b"answer:" + data, peer)'
wait_until 5 "responder on udp 53" listening server udp 53

# The query goes out through tc egress (keep-state makes the flow), the answer comes back
# through XDP ingress and passes at check-state.
run rexec client python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("192.0.2.2", 40053))
s.settimeout(3)
for i in range(3):
    s.sendto(b"q%d" % i, ("198.51.100.2", 53))
    print(s.recvfrom(2048)[0].decode())'
[ "$rc" -eq 0 ] || fail "no answer through keep-state: $out"
assert_eq $'answer:q0\nanswer:q1\nanswer:q2' "$out" "answers received by the client"

states="$(xgw_in client fw states --json)"
assert_eq 1 "$(jq '.flows | length' <<<"$states")" "flows in the table"
assert_eq "192.0.2.2:40053 <-> 198.51.100.2:53" "$(jq -r '.flows[0].endpoints' <<<"$states")" "flow endpoints"
assert_eq 200 "$(jq -r '.flows[0].rule' <<<"$states")" "flow's rule"
assert_eq 6 "$(jq -r '.flows[0].packets' <<<"$states")" "flow packets (3 queries, 3 answers)"

# Unsolicited: from port 54 to the same client port, and from 53 to another port.
stop_bg # frees the server's port 53 for the sender below
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
shows="$(xgw_in client fw show --json)"
assert_eq 2 "$(jq '.rules[] | select(.number == 400) | .packets' <<<"$shows")" "unsolicited datagrams denied by rule 400"
assert_eq 6 "$(jq '.rules[] | select(.number == 200) | .packets' <<<"$shows")" "packets counted on the keep-state rule"

run xgw_in client fw log --json
[ "$rc" -eq 0 ] || fail "fw log: $out"
assert_eq 2 "$(grep -c '"rule":400' <<<"$out")" "log events of rule 400"
assert_contains "$out" "400 Deny UDP 198.51.100.2:54 192.0.2.2:40053 in via eth0" "log line"

# check: the deciding rules, and no counter moves.
before="$(xgw_in client fw show --json)"
assert_eq "accepted by rule 200" "$(xgw_in client fw check out via eth0 udp from 192.0.2.2 40100 to 198.51.100.2 53 | head -1)" "check of a query"
assert_eq "denied by rule 400" "$(xgw_in client fw check in via eth0 udp from 198.51.100.2 53 to 192.0.2.2 40100 | head -1)" "check of an unsolicited answer"
assert_eq "accepted by rule 100 (a flow of its keep-state)" "$(xgw_in client fw check in via eth0 udp from 198.51.100.2 53 to 192.0.2.2 40053 | head -1)" "check of an answer of the live flow"
assert_eq "$before" "$(xgw_in client fw show --json)" "counters after check"
pass
