#!/usr/bin/env bash
# [dns] in the box configuration (issue 20): xgwd --config runs the caching forwarder, by
# default on every address of the router (0.0.0.0 and [::]) for the networks of its
# interfaces: dig in client (IPv4 and IPv6) and in upstream2 gets nsd's answer from the
# address it asked, also when that is the address of another interface. A reload that changes the section restarts the forwarder on the new
# options (allow, listen); one without it stops the forwarder; a wrong value stops xgwd at
# start with exit 2, naming file:line:column.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=dns_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/dns_lib.sh"

readonly answer=198.51.100.7 host=www.names.example
xgwd_pid=""

# write_config [KEY = VALUE lines]: the router's xgw.conf with a [dns] section holding them.
write_config() {
	{
		printf '[dns]\nupstream = "%s"\nhosts = ""\nthreads = 1\ncontrol = "%s"\n' \
			"$server4" "$netns_work/dns.sock"
		printf '%s\n' "$@"
	} >"$netns_work/xgw.conf"
}

# ask NS SERVER: the A record dig gets for $host, or dig's status line when none.
ask() {
	rexec "$1" dig +tries=1 +timeout=2 @"$2" "$host" A +noall +answer +comments 2>&1 |
		awk '$4 == "A" { print $5; found = 1 } /status:/ { s = $0 } END { if (!found) print s }'
}

answers() { [ "$(ask "$1" "$2")" = "$answer" ]; }
refused() { ask "$1" "$2" | grep -q 'status: REFUSED'; }
serves_udp53() { listening router udp 53; }

main() {
	lab_setup
	require_tools nsd nsd-control dig
	mkdir -p "$netns_work/server"
	cat >"$netns_work/server/names.example.zone" <<-ZONE
		\$ORIGIN names.example.
		\$TTL 300
		@ IN SOA ns admin 1 3600 600 86400 60
		@ IN NS ns
		ns IN A $server4
		www IN A $answer
	ZONE
	start_nsd server "$server4" names.example
	write_config
	bg_in router "$XGWD" --config "$netns_work/xgw.conf" 2>>"$netns_work/xgwd.err"
	xgwd_pid="${netns_bg_pids[-1]}"
	wait_until 30 "xgwd's forwarder" test -S "$netns_work/dns.sock"

	log "no listen: every address of the router, from the address asked"
	assert_eq "$answer" "$(ask client 192.0.2.1)" "answer at 192.0.2.1 to client"
	assert_eq "$answer" "$(ask client 2001:db8:1::1)" "answer at [2001:db8:1::1] to client"
	assert_eq "$answer" "$(ask upstream2 203.0.113.1)" "answer at 203.0.113.1 to upstream2"
	# The way back to client leaves by c0, whose own address would be the reply's source
	# but for the query's address carried back (dig drops a reply from another address).
	assert_eq "$answer" "$(ask client 198.51.100.1)" "answer at 198.51.100.1 (s0's) to client"
	assert_eq "$answer" "$(ask client 2001:db8:2::1)" "answer at [2001:db8:2::1] (s0's) to client"
	grep -q "dns: serving udp+tcp 0.0.0.0:53" "$netns_work/xgwd.err" ||
		fail "xgwd did not say what it serves: $(cat "$netns_work/xgwd.err")"
	run "$XGW" dns stats --control "$netns_work/dns.sock" --json
	assert_eq 0 "$rc" "xgw dns stats exit code ($out)"
	[ "$(jq '.counters.queries_udp' <<<"$out")" -ge 3 ] || fail "xgw dns stats counted fewer than 3 UDP queries: $out"

	log "a reload with allow and listen: the forwarder starts again on them"
	write_config 'listen = ["192.0.2.1"]' 'allow = ["198.51.100.0/24"]'
	kill -HUP "$xgwd_pid"
	wait_until 30 "client refused at 192.0.2.1" refused client 192.0.2.1
	! answers upstream2 203.0.113.1 || fail "203.0.113.1 still answered after listen named 192.0.2.1 only"
	kill -0 "$xgwd_pid" || fail "xgwd exited on the reload: $(cat "$netns_work/xgwd.err")"

	log "a reload without [dns] stops the forwarder"
	: >"$netns_work/xgw.conf"
	kill -HUP "$xgwd_pid"
	wait_until 30 "nothing on udp port 53 in router" bash -c "! nsenter --net=/run/netns/${P}router ss -H -lun 'sport = :53' | grep -q ."
	[ ! -e "$netns_work/dns.sock" ] || fail "the control socket stayed after [dns] went"
	kill -0 "$xgwd_pid" || fail "xgwd exited on the reload: $(cat "$netns_work/xgwd.err")"
	stop_bg

	log "a wrong value stops xgwd at start with exit 2, naming where it stands"
	write_config 'allow = ["192.0.2.0/33"]'
	run "$XGWD" --netns "${P}router" --config "$netns_work/xgw.conf"
	assert_eq 2 "$rc" "xgwd exit code with allow = 192.0.2.0/33"
	assert_contains "$out" "$netns_work/xgw.conf:6:10: 'allow': " "xgwd's error"
	! serves_udp53 || fail "something serves udp port 53 after the refused start"
	pass
}

main "$@"
