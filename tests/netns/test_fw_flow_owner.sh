#!/usr/bin/env bash
# A keep-state flow counts on the rule that made it while that rule is in force, and on no
# rule once it is gone (issue 25, item 5): a UDP flow through the router made by rule 100;
# a reload that keeps 100 and adds a rule keeps the flow on 100; 100 renumbered to 105 and a
# count rule added at 50 (which with reused counter slots took over the old rule's slot and
# showed the flow's packets): the flow's packets show on neither 50 nor 105, `fw states` says
# the rule is gone, and unowned-packets counts them.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=fw_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/fw_lib.sh"

# round_trips N: N datagrams from the client's port 40500 to the server's echo on 5000, each
# answered; fails the test if one is not.
round_trips() {
	run rexec client python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("192.0.2.2", 40500))
s.settimeout(3)
for i in range(int(sys.argv[1])):
    s.sendto(b"q%d" % i, ("198.51.100.2", 5000))
    s.recvfrom(2048)
print("ok")' "$1"
	[ "$rc" -eq 0 ] || fail "round trips through the flow: $out"
}

unowned() { xgw_in router fw states --json | jq -er '.counters["unowned-packets"]'; }
flow_json() { xgw_in router fw states --json | jq -c '.flows[] | select(.endpoints == "192.0.2.2:40500 <-> 198.51.100.2:5000")'; }

main() {
	lab_setup
	attach_router c0 s0
	bg_in server python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("198.51.100.2", 5000))
while True:
    data, peer = s.recvfrom(2048)
    s.sendto(data, peer)'
	wait_until 5 "echo on udp 5000" listening server udp 5000

	load_rules "$(rules_file a.rules <<-'RULES'
		100 allow udp from 192.0.2.2 to 198.51.100.2 5000 in keep-state
		60000 allow ip from any to any out
	RULES
	)"
	run xgw_in router fw set dyn_udp_lifetime 600 # the flow outlives the test
	[ "$rc" -eq 0 ] || fail "fw set: $out"
	round_trips 5
	# Each datagram and answer passes twice (in, then out): the out one finds the flow at 100 too,
	# the first keep-state rule, whatever its body says (ipfw's semantics).
	assert_eq 20 "$(rule_packets 100)" "rule 100: 5 datagrams and 5 answers, in and out"
	assert_eq 100 "$(flow_json | jq -r .rule)" "the flow's rule"

	# A reload that keeps rule 100 as it is keeps its flow: a new rule takes a new slot.
	run xgw_in router fw add 50 count tcp from any to any 9999 in
	[ "$rc" -eq 0 ] || fail "fw add 50: $out"
	round_trips 3
	assert_eq 32 "$(rule_packets 100)" "rule 100 after a reload that kept it"
	assert_eq 0 "$(rule_packets 50)" "rule 50, which matches none of the flow's packets"
	assert_eq 100 "$(flow_json | jq -r .rule)" "the flow's rule after the reload"

	# Renumbered: 105 is a new rule (counters from zero); 100's flow passes on, counted nowhere.
	load_rules "$(rules_file b.rules <<-'RULES'
		105 allow udp from 192.0.2.2 to 198.51.100.2 5000 in keep-state
		60000 allow ip from any to any out
	RULES
	)"
	run xgw_in router fw add 50 count tcp from any to any 9999 in
	[ "$rc" -eq 0 ] || fail "fw add 50 after the renumbering: $out"
	local before_unowned
	before_unowned="$(unowned)"
	round_trips 4
	assert_eq 0 "$(rule_packets 50)" "rule 50 shows none of the old flow's packets"
	assert_eq 0 "$(rule_packets 105)" "rule 105 (not the flow's rule)"
	assert_eq 16 "$(($(unowned) - before_unowned))" "unowned-packets: the flow's 16 passes"
	assert_eq null "$(flow_json | jq -r .rule)" "fw states: the flow's rule is gone"
	assert_eq 100 "$(flow_json | jq -r .made_by_rule)" "fw states: the rule that made the flow"
	assert_contains "$(xgw_in router fw states)" "-----" "fw states text: no rule"
	assert_contains "$(xgw_in router fw states)" "(made by rule 100, no longer in force)" "fw states text"
	pass
}

main "$@"
