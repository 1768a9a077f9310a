#!/usr/bin/env bash
# The forwarding offload does what tc egress would do for the packets it redirects past the
# stack: source NAT (masquerade on s0), the firewall's out rules (deny, reject answered back
# to the client), and egress accounting. TCP through the offload arrives intact from the
# router's address; the replies are translated back and forwarded the same way.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=fw_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/fw_lib.sh"

readonly router_s0=198.51.100.1

fwd_count() { jq -r --arg k "$2" '.forwarding[$k]' <<<"$1"; }

masqueraded_tcp() {
	local before after
	before="$(stats_json)"
	: >"$netns_work/server.err"
	bg_in server tcpdump --immediate-mode -l -n -Q in -i eth0 "tcp port 5002" >"$netns_work/server.txt" 2>"$netns_work/server.err"
	wait_until 5 "tcpdump on server eth0" grep -q listening "$netns_work/server.err"
	tcp_transfer client server "$server4" 5002 300000
	after="$(stats_json)"
	stop_bg
	grep -q "IP $router_s0\.[0-9]* > $server4\.5002" "$netns_work/server.txt" ||
		fail "the server did not see the router's address: $(head -3 "$netns_work/server.txt")"
	! grep -q "IP $client4\." "$netns_work/server.txt" || fail "the client's address leaked to the server"
	[ "$(delta "$before" "$after" c0 ingress.verdicts.redirect.packets)" -ge 100 ] ||
		fail "c0 redirects: $(delta "$before" "$after" c0 ingress.verdicts.redirect.packets)"
	[ "$(delta "$before" "$after" s0 ingress.verdicts.redirect.packets)" -ge 10 ] ||
		fail "s0 redirects (translated replies): $(delta "$before" "$after" s0 ingress.verdicts.redirect.packets)"
	assert_eq 0 "$(delta "$before" "$after" c0 ingress.verdicts.pass.packets)" "c0 packets left to the stack"
	[ "$(delta "$before" "$after" s0 egress.verdicts.pass.packets)" -ge 100 ] ||
		fail "s0 egress counted by the offload: $(delta "$before" "$after" s0 egress.verdicts.pass.packets)"
	[ "$(xgw_in router nat show --json | jq '[.flows[] | select(.translated == "source")] | length')" -ge 1 ] ||
		fail "no source translation listed by nat show"
	log "TCP masqueraded through the offload: intact, from $router_s0, replies translated back"
}

egress_rules() {
	local before after t0
	before="$(stats_json)"
	! rexec client timeout 3 nc -z -w 1 "$server4" 7777 2>/dev/null || fail "port 7777 passed an out deny rule"
	t0=$(date +%s%N)
	run rexec client nc -z -w 5 "$server4" 7778
	[ "$rc" -ne 0 ] || fail "port 7778 passed an out reject rule"
	# A refusal comes back at once; a silent drop would have taken the 5-second timeout.
	[ $((($(date +%s%N) - t0) / 1000000)) -lt 4000 ] || fail "reject was not answered"
	after="$(stats_json)"
	[ "$(rule_packets 100)" -ge 1 ] || fail "rule 100 (deny out) did not count"
	[ "$(rule_packets 110)" -ge 1 ] || fail "rule 110 (reject out) did not count"
	[ $(($(fwd_count "$after" denied-at-egress) - $(fwd_count "$before" denied-at-egress))) -ge 2 ] ||
		fail "denied-at-egress outcome not counted"
	log "out rules judged in the offload: deny drops, reject answers the client"
}

main() {
	local host
	lab_setup
	require_tools nc tcpdump ethtool cmp
	for host in client server; do rexec "$host" ethtool -K eth0 tx off >/dev/null; done
	attach_router c0 s0 --mode generic --forward
	local rules
	rules="$(rules_file fwdnat.rules <<-RULES
		100 deny tcp from any to any 7777 out xmit s0
		110 reject tcp from any to any 7778 out xmit s0
		200 allow ip from any to any
		[nat]
		masquerade s0
		[acct]
		net $server4/32
	RULES
	)"
	load_rules "$rules"
	masqueraded_tcp
	[ "$(xgw_in router acct show hosts --json | jq --arg a "$server4" '[.hosts[] | select(.address == $a)][0].out.dst.packets')" -ge 100 ] ||
		fail "egress accounting of the offloaded packets"
	egress_rules
	pass
}

main "$@"
