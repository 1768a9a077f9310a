#!/usr/bin/env bash
# DNS names in firewall tables (issue 20): `xgw fw table web add www.names.example` asks nsd
# (in server) once and puts the A record's address in table(web); when the record changes at
# nsd, xgwd asks again as the 2-second TTL runs out, and `deny ip from any to table(web)`
# blocks pings to the new address and no longer to the old one, with no reload. An address
# added as such stays when the name that gave it too moves on; a name that does not exist
# changes nothing. A table that learns '*.names.example' gets the addresses of the answers
# `xgw dns serve` relays to a client, until their TTL runs out.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=fw_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/fw_lib.sh"
# shellcheck source=dns_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/dns_lib.sh"

readonly old_addr="$server4" new_addr=198.51.100.3 host=www.names.example

pings() { rexec client ping -4 -c 2 -i 0.2 -W 1 -q "$1" >/dev/null 2>&1; }

# zone ADDR SERIAL: names.example with www at ADDR, TTL 2 s, for nsd in server.
zone() {
	mkdir -p "$netns_work/server"
	cat >"$netns_work/server/names.example.zone" <<-ZONE
		\$ORIGIN names.example.
		\$TTL 300
		@ IN SOA ns admin $2 3600 600 86400 2
		@ IN NS ns
		ns IN A $server4
		www 2 IN A $1
	ZONE
}

entries() { xgw_in router fw table "$1" list --json | jq -r '.entries | join(" ")'; }

# table_holds TABLE "ADDR...": the table's entries are exactly these.
table_holds() { [ "$(entries "$1")" = "$2" ]; }

# asked_and_learned ADDR: client asks the forwarder for $host; table web then holds ADDR.
asked_and_learned() {
	rexec client dig +short +tries=1 +timeout=2 @192.0.2.1 "$host" A >/dev/null
	sleep 0.2
	table_holds web "$1"
}

main() {
	lab_setup
	require_tools nsd nsd-control ping
	# A second address of the server, where the name will move to.
	rexec server ip addr add "$new_addr/24" dev eth0
	zone "$old_addr" 1
	start_nsd server "$server4" names.example
	attach_router c0 s0
	load_rules "$(rules_file names.rules <<-'RULES'
		100 deny ip from any to table(web) in
		200 allow ip from any to any
	RULES
	)"
	bg_in router "$XGWD" --no-follow-addresses 2>>"$netns_work/xgwd.err"

	log "fw table web add $host: asked once, at once"
	run xgw_in router fw table web add "$host" --server "$server4"
	assert_eq 0 "$rc" "fw table web add $host exit code ($out)"
	assert_eq "$old_addr" "$(entries web)" "table web after the add"
	run xgw_in router fw table web list
	assert_eq "$host: $old_addr (ttl 2 s)" "$out" "fw table web list"
	run xgw_in router fw table web list --json
	assert_eq "[{\"name\":\"$host\",\"addresses\":[\"$old_addr\"],\"server\":\"$server4\"}]" \
		"$(jq -c '[.names[] | {name, addresses, server}]' <<<"$out")" "names in fw table web list --json"
	! pings "$old_addr" || fail "pings to $old_addr passed while $host gave it"
	pings "$new_addr" || fail "pings to $new_addr did not pass before $host gave it"
	assert_eq 2 "$(rule_packets 100)" "echo requests denied by rule 100"

	log "an address added as such outlives the name that gives it too"
	xgw_in router fw table keep add "$host" --server "$server4" >/dev/null
	xgw_in router fw table keep add "$old_addr" >/dev/null
	run xgw_in router fw table keep delete "$old_addr"
	assert_eq 0 "$rc" "deleting the address added as such (while the name gives it) exit code"
	assert_eq "$old_addr" "$(entries keep)" "table keep: the name still gives $old_addr"
	xgw_in router fw table keep add "$old_addr" >/dev/null
	run xgw_in router fw table keep list
	assert_eq "$old_addr
$host: $old_addr (ttl 2 s)" "$out" "fw table keep list"

	log "nsd moves $host to $new_addr; xgwd follows once the TTL runs out"
	zone "$new_addr" 2
	nsd_reload server names.example
	local moved_ns
	moved_ns="$(date +%s%N)"
	wait_until 30 "table web to hold $new_addr only" table_holds web "$new_addr"
	log "table web followed $(( ($(date +%s%N) - moved_ns) / 1000000 )) ms after nsd's reload (TTL 2 s)"
	wait_until 30 "table keep to hold both" table_holds keep "$old_addr $new_addr"
	! pings "$new_addr" || fail "pings to $new_addr passed after $host moved there"
	pings "$old_addr" || fail "pings to $old_addr did not pass after $host moved away"
	assert_eq 4 "$(rule_packets 100)" "echo requests denied by rule 100"
	assert_eq "1" "$(xgw_in router status --json | jq '.xgwd.counters.table_names_asked > 0 and .xgwd.counters.table_names_failed == 0 | if . then 1 else 0 end')" \
		"xgwd's counters: names asked again, none failed"

	log "a name that does not exist, or a word that is neither, changes nothing"
	run xgw_in router fw table web add gone.names.example --server "$server4"
	assert_eq 3 "$rc" "adding a name that does not exist (exit code; $out)"
	run xgw_in router fw table web add 198.51.100.0/33
	assert_eq 2 "$rc" "adding a bad prefix (exit code)"
	assert_eq "$new_addr" "$(entries web)" "table web after the failed adds"

	log "deleting the name takes its address out"
	xgw_in router fw table web delete "$host" >/dev/null
	assert_eq "" "$(entries web)" "table web after deleting $host"
	pings "$new_addr" || fail "pings to $new_addr did not pass after $host was deleted"
	run xgw_in router fw table web delete "$host"
	assert_eq 3 "$rc" "deleting a name the table does not hold (exit code)"

	log "table web learns *.names.example from the answers xgw dns serve relays"
	bg_in router "$XGW" dns serve --listen 192.0.2.1 --upstream "$server4" --hosts '' \
		--control "$netns_work/dns.sock" --threads 1
	wait_until 10 "xgw dns serve" test -S "$netns_work/dns.sock"
	xgw_in router fw table web learn '*.names.example' >/dev/null
	run xgw_in router fw table web learn 'names.*'
	assert_eq 2 "$rc" "learning a bad pattern (exit code)"
	assert_eq "learn *.names.example" "$(xgw_in router fw table web list)" "fw table web list before any answer"
	assert_eq "$new_addr" "$(rexec client dig +short +tries=1 +timeout=2 @192.0.2.1 "$host" A)" \
		"the answer dig got through xgw dns serve"
	# The forwarder reads the patterns once a second: an answer relayed before it saw the new
	# one taught nothing, and its repeats come from the cache until the 2-second TTL ends.
	wait_until 20 "table web to learn $new_addr" asked_and_learned "$new_addr"
	assert_eq "true" "$(xgw_in router fw table web list --json | jq '.names[0].learned')" "the name is marked learned"
	! pings "$new_addr" || fail "pings to $new_addr passed after table web learned it"
	log "the learned address goes when the answer's TTL runs out"
	wait_until 30 "table web to drop the learned $new_addr" table_holds web ""
	pings "$new_addr" || fail "pings to $new_addr did not pass after the learned entry expired"
	xgw_in router fw table web unlearn '*.names.example' >/dev/null
	assert_eq "" "$(xgw_in router fw table web list)" "fw table web list after unlearn"
	pass
}

main "$@"
