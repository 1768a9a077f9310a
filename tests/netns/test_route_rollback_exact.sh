#!/usr/bin/env bash
# A `route apply` batch that fails part-way puts back every route it deleted exactly as it was:
# all next hops of a multipath route with their weights, src, protocol, metrics, flags, scope
# and type, IPv4 and IPv6, compared in `ip -d -j route show` before and after (issue 26 item 3).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly up2_4=203.0.113.2 up2_6=2001:db8:3::2 c0_4=192.0.2.1 c0_6=2001:db8:1::1

# Every route of every table of a family, each with its keys sorted, the list sorted: the
# order of unrelated routes in a dump is not what is compared.
routes() { rexec router ip "-$1" -d -j route show table all | jq -S 'sort_by(tostring)'; }

make_routes() {
	# IPv4: weighted multipath with src, protocol and metrics; onlink with locked mtu and
	# congestion window; a link-scope route; all in table 100 and main.
	rexec router ip route add 198.18.30.0/24 table 100 proto 99 src "$c0_4" metric 5 \
		mtu 1400 advmss 1360 rtt 10ms initcwnd 10 \
		nexthop via "$client4" dev c0 weight 3 nexthop via "$up2_4" dev u0 weight 1
	rexec router ip route add 198.18.31.0/24 via 198.18.99.1 dev u0 onlink proto 42 \
		src "$c0_4" metric 7 mtu lock 1300 initrwnd 20 quickack 1
	rexec router ip route add 198.18.32.0/24 dev c0 scope link proto 50 src "$c0_4" table 100
	# IPv6: weighted multipath with src, preference and metrics; a single hop with its own.
	rexec router ip -6 route add 2001:db8:30::/64 proto 99 src "$c0_6" metric 5 mtu 1400 \
		pref high nexthop via "$client6" dev c0 weight 2 nexthop via "$up2_6" dev u0 weight 1
	rexec router ip -6 route add 2001:db8:31::/64 via "$up2_6" dev u0 proto 42 metric 9 \
		hoplimit 7 table 100
}

rollback_is_exact() {
	local before4 before6 after4 after6
	before4="$(routes 4)"
	before6="$(routes 6)"
	assert_eq 2 "$(rexec router ip -j route show 198.18.30.0/24 table 100 | jq '.[0].nexthops | length')" "v4 multipath made"
	assert_eq 2 "$(rexec router ip -6 -j route show 2001:db8:30::/64 | jq '.[0].nexthops | length')" "v6 multipath made"
	cat >"$netns_work/batch" <<-EOF2
		delete 198.18.30.0/24 metric 5 table 100
		delete 198.18.31.0/24 gw 198.18.99.1 metric 7
		delete 198.18.32.0/24 dev c0 table 100
		delete 2001:db8:30::/64 metric 5
		delete 2001:db8:31::/64 gw $up2_6 metric 9 table 100
		add 198.18.33.0/24 dev nosuch
	EOF2
	run xgw_in router route apply "$netns_work/batch"
	[ "$rc" -eq 3 ] || fail "failing batch exited $rc (wanted 3): $out"
	assert_contains "$out" "(the 5 change(s) before it were undone)" "batch message"
	after4="$(routes 4)"
	after6="$(routes 6)"
	assert_eq "$before4" "$after4" "IPv4 routes after the undone batch"
	assert_eq "$before6" "$after6" "IPv6 routes after the undone batch"
	log "rollback: 5 routes deleted and put back exactly (v4/v6 multipath, src, proto, metrics, onlink, scope)"
}

whole_deletes() {
	# The batch really did delete them: a batch that succeeds leaves them gone, every next hop.
	printf 'delete 198.18.30.0/24 metric 5 table 100\ndelete 2001:db8:30::/64 metric 5\n' >"$netns_work/ok"
	run xgw_in router route apply "$netns_work/ok"
	[ "$rc" -eq 0 ] || fail "batch of deletes exited $rc: $out"
	[ -z "$(rexec router ip route show 198.18.30.0/24 table 100)" ] || fail "v4 multipath left after delete"
	[ -z "$(rexec router ip -6 route show 2001:db8:30::/64)" ] || fail "v6 multipath left after delete"
	# One next hop named of several: refused, nothing removed.
	run xgw_in router route delete 198.18.32.0/24 dev c0 table 100
	[ "$rc" -eq 0 ] || fail "single-hop delete exited $rc: $out"
	rexec router ip route add 198.18.30.0/24 table 100 \
		nexthop via "$client4" dev c0 nexthop via "$up2_4" dev u0
	run xgw_in router route delete 198.18.30.0/24 gw "$up2_4" table 100
	[ "$rc" -eq 2 ] || fail "delete of one hop of two exited $rc (wanted 2): $out"
	assert_contains "$out" "has 2 next hops" "one-hop delete message"
	assert_eq 2 "$(rexec router ip -j route show 198.18.30.0/24 table 100 | jq '.[0].nexthops | length')" "hops after refused delete"
	log "deletes: whole multipath routes go, a named hop of several is refused"
}

main() {
	lab_setup --no-xgw
	make_routes
	rollback_is_exact
	whole_deletes
	pass
}

main "$@"
