#!/usr/bin/env bash
# Routes, policy rules, addresses and links changed through xgw show up in ip(8)
# and carry traffic over the lab's second uplink (router u0 <-> upstream2);
# kernel refusals are clear and a failing batch leaves nothing behind.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Benchmark-range addresses that exist only on upstream2's loopback.
readonly far4=198.18.7.1 far6=2001:db8:77::1 policy4=198.18.8.1
readonly up2_4=203.0.113.2 up2_6=2001:db8:3::2

reaches() { rexec client ping "-$1" -c 1 -W 1 -q "$2" >/dev/null 2>&1; }

expect_rc() {
	local want="$1" text="$2"
	shift 2
	run "$@"
	[ "$rc" -eq "$want" ] || fail "$* exited $rc (wanted $want): $out"
	assert_contains "$out" "$text" "message of '$*'"
}

routes_and_traffic() {
	reaches 4 "$far4" && fail "$far4 reachable before any route"
	xgw_in router route add -host "$far4" gw "$up2_4" || fail "route add -host"
	xgw_in router route add -6 "$far6/128" gw "$up2_6" metric 7 || fail "route add IPv6"
	assert_contains "$(rexec router ip route show "$far4")" "$far4 via $up2_4 dev u0" "ip route"
	assert_contains "$(rexec router ip -6 route show "$far6")" "$far6 via $up2_6 dev u0" "ip -6 route"
	assert_contains "$(xgw_in router route show -n)" \
		"$far4      $up2_4     255.255.255.255 UGH   0      u0" "route show -n"
	assert_eq "UGH" "$(xgw_in router route show -6 --json | jq -r --arg d "$far6" \
		'.routes[] | select(.destination == $d) | .flags')" "route show -6 --json flags"
	reaches 4 "$far4" || fail "no traffic to $far4 over the new route"
	reaches 6 "$far6" || fail "no traffic to $far6 over the new route"
	xgw_in router route delete -host "$far4" gw "$up2_4" || fail "route delete"
	xgw_in router route del -6 "$far6/128" || fail "route del IPv6"
	[ -z "$(rexec router ip route show "$far4")" ] || fail "route still in ip route after delete"
	reaches 4 "$far4" && fail "$far4 still reachable after route delete"
	log "routes: add, show, traffic, delete"
}

policy_rules() {
	xgw_in router route add default gw "$up2_4" table 100 || fail "route add table 100"
	xgw_in router rule add from "$client4" to 198.18.8.0/24 priority 100 table 100 || fail "rule add"
	assert_contains "$(rexec router ip rule show)" "100:	from $client4 to 198.18.8.0/24 lookup 100" "ip rule"
	assert_contains "$(xgw_in router rule show -4)" "100:	from $client4 to 198.18.8.0/24 lookup 100" "xgw rule show"
	reaches 4 "$policy4" || fail "no traffic to $policy4 through the policy rule"
	xgw_in router rule add fwmark 0x10/0xff iif c0 priority 101 table 100 || fail "rule add fwmark"
	assert_contains "$(rexec router ip rule show)" "101:	from all fwmark 0x10/0xff iif c0 lookup 100" "ip rule fwmark"
	xgw_in router rule delete priority 101 || fail "rule delete by priority"
	xgw_in router rule del from "$client4" to 198.18.8.0/24 priority 100 table 100 || fail "rule delete"
	[ -z "$(rexec router ip rule show pref 100)" ] || fail "rule still there after delete"
	reaches 4 "$policy4" && fail "$policy4 reachable without the rule"
	expect_rc 0 "1 route(s) flushed" xgw_in router route flush --table 100
	[ -z "$(rexec router ip route show table 100)" ] || fail "table 100 not empty after flush"
	log "rules: from/to and fwmark/iif rules in ip rule, traffic follows, flush"
}

refusals_and_batches() {
	expect_rc 3 "no such device 'nosuch'" xgw_in router route add 198.18.9.0/24 dev nosuch
	expect_rc 1 "network unreachable" xgw_in router route add 198.18.9.0/24 gw 100.64.0.1
	xgw_in router route add 198.18.9.0/24 dev u0 || fail "route add dev"
	expect_rc 6 "already exists" xgw_in router route add 198.18.9.0/24 dev u0
	expect_rc 3 "no such route" xgw_in router route delete 198.18.10.0/24
	expect_rc 2 "host bits set" xgw_in router route add 198.18.9.1/24 dev u0
	# The second route fails: the first must be gone again.
	expect_rc 1 "undone" xgw_in router route add 198.18.11.0/24 gw "$up2_4" 198.18.12.0/24 gw 100.64.0.1
	[ -z "$(rexec router ip route show 198.18.11.0/24)" ] || fail "first route of a failed batch was left"
	cat >"$netns_work/batch" <<-EOF2
		# move 198.18.9.0/24 to a gateway and add a host route
		delete 198.18.9.0/24 dev u0
		add -net 198.18.9.0 netmask 255.255.255.0 gw $up2_4 metric 3
		add -host $far4 gw $up2_4
	EOF2
	expect_rc 0 "3 route change(s) applied" xgw_in router route apply "$netns_work/batch"
	assert_contains "$(rexec router ip route show 198.18.9.0/24)" "via $up2_4 dev u0 proto static metric 3" "batch result"
	reaches 4 "$far4" || fail "no traffic after the batch"
	cat >"$netns_work/bad" <<-EOF2
		delete 198.18.9.0/24 gw $up2_4 metric 3
		add 198.18.13.0/24 gw $up2_4
		add 198.18.14.0/24 dev nosuch
	EOF2
	expect_rc 3 "undone" xgw_in router route apply "$netns_work/bad"
	assert_contains "$(rexec router ip route show 198.18.9.0/24)" "via $up2_4 dev u0" "deleted route put back"
	[ -z "$(rexec router ip route show 198.18.13.0/24)" ] || fail "added route of a failed batch was left"
	log "refusals: clear messages and exit codes; batches apply whole or not at all"
}

addresses_and_links() {
	xgw_in upstream2 addr add 198.18.20.1/24 dev lo || fail "addr add"
	assert_contains "$(rexec upstream2 ip -4 addr show dev lo)" "inet 198.18.20.1/24" "ip addr"
	assert_contains "$(xgw_in upstream2 addr show lo)" "198.18.20.1/24" "xgw addr show"
	expect_rc 6 "already exists" xgw_in upstream2 addr add 198.18.20.1/24 dev lo
	xgw_in upstream2 addr delete 198.18.20.1/24 dev lo || fail "addr delete"
	xgw_in router link set u0 mtu 1400 || fail "link set mtu"
	assert_eq 1400 "$(rexec router ip -j link show dev u0 | jq '.[0].mtu')" "u0 mtu"
	assert_eq 1400 "$(xgw_in router link show --json | jq '.links[] | select(.name == "u0") | .mtu')" "link show mtu"
	xgw_in router link set u0 down || fail "link set down"
	assert_contains "$(rexec router ip link show dev u0)" "state DOWN" "u0 down"
	reaches 4 "$far4" && fail "$far4 reachable with u0 down"
	xgw_in router link set u0 up mtu 1500 || fail "link set up"
	rexec router ip route replace "$far4" via "$up2_4" # down took the route with it
	wait_until 5 "$far4 reachable with u0 up" reaches 4 "$far4"
	log "addresses and links: add/delete, mtu, down/up"
}

main() {
	lab_setup --no-xgw
	require_tools ping
	rexec upstream2 ip addr add "$far4/32" dev lo
	rexec upstream2 ip addr add "$policy4/32" dev lo
	rexec upstream2 ip addr add "$far6/128" dev lo
	routes_and_traffic
	policy_rules
	refusals_and_batches
	addresses_and_links
	pass
}

main "$@"
