#!/usr/bin/env bash
# Policy routing from the ruleset: setfib and setmark steer the traffic of chosen client
# sources to upstream2 (through u0) while the rest goes the main way to the server, with the
# forwarding offload off and on; fwd sends to a next hop the routes do not name. setfib's ip
# rules appear with the ruleset, go when no rule needs them or xgw detaches, survive a failed
# load unchanged, come back with a roll back, and rules xgw did not make are never touched.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=fw_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/fw_lib.sh"

readonly any1=198.18.40.1 any2=198.18.40.2 up2_4=203.0.113.2 client_b=192.0.2.3

# xgw's setfib rules in the router, one "family prio mark/mask table proto" line each.
xgw_ip_rules() {
	local fam
	for fam in 4 6; do
		rexec router ip -j -"$fam" rule show | jq -r --arg f "$fam" '.[] |
			select(.protocol == "120" or .protocol == 120) |
			"\($f) \(.priority) \(.fwmark)/\(.fwmask) \(.table)"'
	done
}

has_fib_rules() { [ -n "$(xgw_ip_rules)" ]; }

# steered FROM DST WHERE: three pings from FROM to DST arrive at WHERE (server or upstream2) only.
steered() {
	local from="$1" dst="$2" where="$3" s0 u0 s1 u1 want_s=0 want_u=0
	s0="$(link_stat server eth0 rx packets)"
	u0="$(link_stat upstream2 eth0 rx packets)"
	rexec client ping -c 3 -i 0.05 -W 2 -q -I "$from" "$dst" >/dev/null || fail "ping $dst from $from"
	s1="$(link_stat server eth0 rx packets)"
	u1="$(link_stat upstream2 eth0 rx packets)"
	if [ "$where" = server ]; then want_s=3; else want_u=3; fi
	assert_eq "$want_s $want_u" "$((s1 - s0)) $((u1 - u0))" "pings $from -> $dst at server/upstream2"
}

setup_routes() {
	local host
	for host in server upstream2; do
		rexec "$host" ip addr add "$any1/32" dev lo
		rexec "$host" ip addr add "$any2/32" dev lo
	done
	rexec client ip addr add "$client_b/24" dev eth0
	rexec router ip neigh replace "$client_b" lladdr "$client_mac" dev c0 nud permanent
	rexec router ip route add "$any1/32" via "$server4"
	rexec router ip route add "$any2/32" via "$server4"
	rexec router ip route add "$any1/32" via "$up2_4" table 100
	rexec router ip route add "$any2/32" via "$up2_4" table 200
	# The operator's own fwmark rule, which setmark feeds.
	rexec router ip rule add pref 500 fwmark 0x20/0xff lookup 200
	# A rule in xgw's priority range with xgw's mask that xgw did not make.
	rexec router ip rule add pref 1005 fwmark 0x5000000/0x7f000000 lookup 555
}

steering() {
	local mode="$1"
	steered "$client4" "$any1" server
	steered "$client_b" "$any1" upstream2
	steered "$client4" "$any2" upstream2
	steered "$client_b" "$any2" server
	log "$mode: setfib 100 and setmark 0x20 steer their sources to upstream2, the rest to the server"
}

main() {
	lab_setup
	require_tools ping jq ethtool
	setup_routes
	attach_router c0 s0 u0 --mode generic
	local rules policy host
	rules="$(rules_file policy.rules <<-EOF
		100 setfib 100 ip from $client_b to any in recv c0
		200 setmark 0x20 ip from $client4 to $any2 in recv c0
		300 allow ip from any to any
	EOF
	)"
	policy="$rules"
	load_rules "$rules"
	# Generic XDP hands its marks to the stack in XDP metadata or, where the kernel refuses
	# that, in a per-CPU note: either way no warning, and the stack's routing steers.
	assert_not_contains "$out" "refuses XDP metadata" "load in generic mode"
	assert_eq "4 1001 0x1000000/0x7f000000 100
6 1001 0x1000000/0x7f000000 100" "$(xgw_ip_rules)" "xgw's ip rules after the load"
	steering "generic XDP, stack routing"
	local notes_taken
	notes_taken="$(xgw_in router stats --json | jq '.policy_notes.taken')"

	run xgw_in router attach c0 s0 u0 --forward
	[ "$rc" -eq 0 ] || fail "attach --forward: $out"
	local before after
	before="$(stats_json)"
	steering "forwarding offload (marks to bpf_fib_lookup)"
	after="$(stats_json)"
	assert_eq 12 "$(delta "$before" "$after" c0 ingress.verdicts.redirect.packets)" "c0 redirects"

	# A failed load changes neither the ruleset nor the ip rules.
	local rules_before ip_before bad
	rules_before="$(fw_state)"
	ip_before="$(rexec router ip rule show)"
	bad="$(rules_file bad.rules <<-EOF
		100 setfib 200 ip from any to any
		200 setfib 0 ip from $client_b to any
	EOF
	)"
	run xgw_in router fw load "$bad"
	[ "$rc" -ne 0 ] || fail "a ruleset with setfib 0 loaded"
	assert_contains "$out" "bad.rules:2:12: routing table number 0 is out of range" "load error"
	assert_eq "$rules_before" "$(fw_state)" "ruleset after the failed load"
	assert_eq "$ip_before" "$(rexec router ip rule show)" "ip rules after the failed load"

	# A roll back (--confirm-timeout) makes the rules of the ruleset it returns to again.
	xgw_in router fw load --confirm-timeout 2 "$(rules_file open.rules <<<"100 allow ip from any to any")" \
		>"$netns_work/confirm.out" 2>&1 || fail "fw load --confirm-timeout: $(cat "$netns_work/confirm.out")"
	assert_eq "" "$(xgw_ip_rules)" "xgw's ip rules under a ruleset without setfib"
	steered "$client_b" "$any1" server
	wait_until 15 "the roll back to make setfib's rules again" has_fib_rules
	assert_eq "$ip_before" "$(rexec router ip rule show)" "ip rules after the roll back"
	steered "$client_b" "$any1" upstream2
	log "roll back: setfib's rules pruned with the new ruleset, made again with the old one"

	# fwd: the next hop the rule names, not the route's (offload on, then off).
	rules="$(rules_file fwd.rules <<-EOF
		100 fwd $up2_4 ip from $client_b to $any1 in recv c0
		200 allow ip from any to any
	EOF
	)"
	load_rules "$rules"
	assert_eq "" "$(xgw_ip_rules)" "xgw's ip rules once no rule needs them"
	steered "$client_b" "$any1" upstream2
	steered "$client4" "$any1" server
	xgw_in router detach --all --purge >/dev/null
	attach_router c0 s0 u0 --mode generic
	load_rules "$rules"
	steered "$client_b" "$any1" upstream2
	steered "$client4" "$any1" server
	log "fwd $up2_4: through the offload, and through tc ingress (bpf_redirect_neigh)"

	# Native XDP on veth: the metadata reaches tc ingress too (GRO on the peers gives NAPI).
	xgw_in router detach --all --purge >/dev/null
	for host in client server upstream2; do rexec "$host" ethtool -K eth0 gro on >/dev/null; done
	run xgw_in router attach c0 s0 u0 --mode native
	if [ "$rc" = 0 ]; then
		load_rules "$policy"
		steering "native XDP, stack routing"
	else
		assert_eq 5 "$rc" "native attach on veth: $out"
		assert_contains "$out" "XDP metadata, which this kernel refuses" "native attach refused"
		log "native XDP on veth refused: this kernel refuses XDP metadata"
		[ "$notes_taken" -gt 0 ] || fail "generic XDP steered without metadata, but no policy note was taken"
		log "generic XDP carried its marks to tc ingress in $notes_taken per-CPU notes"
		attach_router c0 s0 u0 --mode generic
		load_rules "$policy"
	fi
	[ -n "$(xgw_ip_rules)" ] || fail "no setfib rule after loading one"
	xgw_in router detach --all --purge >/dev/null
	assert_eq "" "$(xgw_ip_rules)" "xgw's ip rules after detach --all"
	prints "lookup 555" rexec router ip rule show || fail "detach removed a rule xgw did not make"
	prints "lookup 200" rexec router ip rule show || fail "detach removed the operator's fwmark rule"
	log "ip rules: made on load, pruned when unused, gone on detach; foreign rules untouched"
	pass
}

main "$@"
