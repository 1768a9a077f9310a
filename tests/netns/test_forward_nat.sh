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
server_acct_out() {
	xgw_in router acct show hosts --json |
		jq --arg a "$server4" '[.hosts[] | select(.address == $a)][0].out.dst.packets // 0'
}

# masqueraded_tcp PORT OFFLOADS: 300 KB from the client through the router; captures at
# both ends. OFFLOADS "defaults" leaves the veths as created: the client's TCP arrives as
# aggregates with checksums left to offload, so most data goes to the stack (counted as
# aggregate outcomes) and the translated checksums must stay valid seeds; "off" turns
# checksum offload off on client and server: every segment is MTU-sized and redirected.
masqueraded_tcp() {
	local port="$1" offloads="$2" before after host redirected aggregates acct_before acct
	if [ "$offloads" = off ]; then
		for host in client server; do rexec "$host" ethtool -K eth0 tx off >/dev/null; done
	fi
	before="$(stats_json)"
	acct_before="$(server_acct_out)"
	for host in client server; do
		: >"$netns_work/$host.err"
		bg_in "$host" tcpdump --immediate-mode -U -n -Q in -i eth0 -w "$netns_work/$host.pcap" --print "tcp port $port" \
			>"$netns_work/$host.txt" 2>"$netns_work/$host.err"
	done
	for host in client server; do wait_until 5 "tcpdump on $host eth0" grep -q listening "$netns_work/$host.err"; done
	tcp_transfer client server "$server4" "$port" 300000
	after="$(stats_json)"
	acct=$(($(server_acct_out) - acct_before))
	stop_bg
	grep -q "IP $router_s0\.[0-9]* > $server4\.$port" "$netns_work/server.txt" ||
		fail "the server did not see the router's address: $(head -3 "$netns_work/server.txt")"
	! grep -q "IP $client4\." "$netns_work/server.txt" || fail "the client's address leaked to the server"
	l4_checksums_ok "source-translated at the server ($offloads)" "$netns_work/server.pcap"
	l4_checksums_ok "translated back at the client ($offloads)" "$netns_work/client.pcap"
	redirected="$(delta "$before" "$after" c0 ingress.verdicts.redirect.packets)"
	aggregates=$(($(fwd_count "$after" frag-needed) + $(fwd_count "$after" aggregate-forwarded-by-tc) -
		$(fwd_count "$before" frag-needed) - $(fwd_count "$before" aggregate-forwarded-by-tc)))
	if [ "$offloads" = off ]; then
		[ "$redirected" -ge 100 ] || fail "c0 redirects with offloads off: $redirected"
	else
		[ $((redirected + aggregates)) -ge 10 ] ||
			fail "c0: $redirected redirects and $aggregates aggregates for 300 KB"
	fi
	[ "$(delta "$before" "$after" s0 ingress.verdicts.redirect.packets)" -ge 10 ] ||
		fail "s0 redirects (translated replies): $(delta "$before" "$after" s0 ingress.verdicts.redirect.packets)"
	[ "$(delta "$before" "$after" s0 egress.verdicts.pass.packets)" -ge "$((redirected / 2))" ] ||
		fail "s0 egress counted by the offload: $(delta "$before" "$after" s0 egress.verdicts.pass.packets)"
	# Egress accounting sees both: the offload's redirects in XDP, the aggregates in tc.
	[ "$acct" -ge $((redirected + aggregates)) ] ||
		fail "egress accounting: $acct packets to the server for $redirected redirects and $aggregates aggregates"
	[ "$(xgw_in router nat show --json | jq '[.flows[] | select(.translated == "source")] | length')" -ge 1 ] ||
		fail "no source translation listed by nat show"
	log "TCP masqueraded (offloads $offloads): intact, from $router_s0, $redirected redirected and $aggregates aggregates on c0, replies translated back"
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
	masqueraded_tcp 5002 defaults
	egress_rules
	masqueraded_tcp 5003 off
	pass
}

main "$@"
