#!/usr/bin/env bash
# xgwd, the daemon (issue 16): it attaches the interfaces it is told to look after, sends the
# firewall log to a syslog socket as RFC 5424 with the rule number and the kernel's
# timestamp, refuses a second instance in the namespace (exit 6), survives SIGKILL under
# traffic with no packet and no counter lost (the data path runs from pins) and catches up on
# the log when restarted, gives a deleted and re-created interface its programs back,
# follows an address change on the masquerade interface with new bindings, and expires NAT
# bindings that nothing uses.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/fw_lib.sh"

readonly router_s0=198.51.100.1 router_s0_new=198.51.100.9

xgwd_pid=""

# Starts xgwd in the router; waits until `xgw status` reports it with both interfaces attached.
start_xgwd() {
	bg_in router env NOTIFY_SOCKET="$netns_work/notify.sock" WATCHDOG_USEC=400000 \
		"$XGWD" -i c0 -i s0 -m generic --syslog-socket "$netns_work/log.sock" \
		--metrics 127.0.0.1:9469 "$@" 2>>"$netns_work/xgwd.err"
	xgwd_pid="${netns_bg_pids[-1]}"
	wait_until 60 "xgwd (pid $xgwd_pid) in xgw status" xgwd_runs "$xgwd_pid"
}

xgwd_runs() {
	local s
	s="$(xgw_in router status --json)" || return 1
	[ "$(jq -r .xgwd.pid <<<"$s")" = "$1" ] &&
		[ "$(jq '[.interfaces[] | select(.xdp_prog_id > 0)] | length' <<<"$s")" = 2 ]
}

xgwd_counter() { xgw_in router status --json | jq -er ".xgwd.counters.$1"; }

# receiver SOCKET FILE: every datagram on a unix socket, one line each, in FILE (the syslog
# daemon's and the service manager's part).
receiver() {
	"$netns_python" - "$1" >"$2" <<-'PY' &
		import socket, sys
		s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
		s.bind(sys.argv[1])
		while True:
		    print(s.recv(65536).decode(), flush=True)
	PY
	netns_bg_pids+=("$!")
	wait_until 5 "a receiver's socket $1" test -S "$1"
}

notified() {
	wait_until 10 "READY=1 at the notify socket" grep -qx READY=1 "$netns_work/notify.txt"
	grep -qx "STATUS=looking after 2 interfaces" "$netns_work/notify.txt" || fail "no STATUS= line: $(cat "$netns_work/notify.txt")"
	wait_until 10 "2 WATCHDOG=1 (every 200 ms for WATCHDOG_USEC=400000)" at_least 2 grep -cx WATCHDOG=1 "$netns_work/notify.txt"
	log "sd_notify: READY=1, STATUS=, WATCHDOG=1 every half WATCHDOG_USEC at \$NOTIFY_SOCKET"
}

# send_udp COUNT PORT [SPORT]: COUNT datagrams from the client to the server's PORT.
send_udp() {
	rexec client "$netns_python" - "$server4" "$2" "$1" "${3:-0}" <<-'PY'
		import socket, sys
		s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
		s.bind(("0.0.0.0", int(sys.argv[4])))
		for i in range(int(sys.argv[3])):
		    s.sendto(b"xgwd test %d" % i, (sys.argv[1], int(sys.argv[2])))
	PY
}

logged_events() { grep -c 'rule="1000"' "$netns_work/syslog.txt" || true; }

log_reaches_syslog() {
	send_udp 3 9999
	wait_until 10 "3 log events at the syslog receiver" at_least 3 logged_events
	local line
	line="$(grep -m1 'rule="1000"' "$netns_work/syslog.txt")"
	# <86>: facility authpriv (10), severity info (6); version 1; the kernel's time in UTC.
	local re='^<86>1 [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]{6}Z [^ ]+ xgwd [0-9]+ fw '
	re+='\[xgw@32473 rule="1000" verdict="allow" dir="in" if="c0" proto="17" src="'"$client4"'" '
	re+='dst="'"$server4"'" sport="[0-9]+" dport="9999" len="[0-9]+" boot_ns="[0-9]+"\] 1000 Accept UDP '
	[[ "$line" =~ $re ]] ||
		fail "syslog line not as expected: $line"
	local stamp now
	stamp="$(date -u -d "$(cut -d' ' -f2 <<<"$line")" +%s)"
	now="$(date -u +%s)"
	if [ $((now - stamp)) -lt 0 ] || [ $((now - stamp)) -ge 3600 ]; then
		fail "log timestamp $stamp is not the event's time (now $now)"
	fi
	log "log: 3 events at the syslog receiver as RFC 5424 with rule 1000 and the kernel's time: $line"
}

second_refused() {
	run rexec router "$XGWD" -i c0 --syslog-socket "$netns_work/log.sock"
	assert_eq 6 "$rc" "a second xgwd's exit code"
	assert_contains "$out" "already runs in this network namespace (pid $xgwd_pid)" "a second xgwd's message"
	log "a second xgwd in the namespace: exit 6 ($out)"
}

# SIGKILL under traffic, events logged while it is dead, a restart: no ping lost, xgw's counters
# equal the kernel's count of the client's packets, the waiting events reach syslog.
killed_under_traffic() {
	local before after sent_before sent_after pingout logged
	before="$(stats_json)"
	sent_before="$(link_stat client eth0 tx packets)"
	rexec client ping -c 1500 -i 0.004 -W 2 -q "$server4" >"$netns_work/ping.txt" 2>&1 &
	local ping_pid=$!
	wait_until 10 "pings under way" at_least $((sent_before + 100)) link_stat client eth0 tx packets
	kill -KILL "$xgwd_pid"
	wait "$xgwd_pid" 2>/dev/null || true
	logged="$(logged_events)"
	send_udp 2 9999
	start_xgwd --log-rate 2 --log-burst 4
	wait "$ping_pid" || fail "ping through xgwd's kill and restart: $(cat "$netns_work/ping.txt")"
	pingout="$(cat "$netns_work/ping.txt")"
	assert_contains "$pingout" "1500 packets transmitted, 1500 received" "pings while xgwd was killed and restarted"
	after="$(stats_json)"
	sent_after="$(link_stat client eth0 tx packets)"
	assert_eq $((sent_after - sent_before)) "$(delta "$before" "$after" c0 ingress.verdicts.pass.packets)" \
		"c0 ingress packets counted across the kill vs the client's tx count"
	wait_until 10 "the 2 events logged while xgwd was dead" at_least $((logged + 2)) logged_events
	log "SIGKILL under traffic and restart: 1500/1500 pings, c0 counted $((sent_after - sent_before)) = client tx, the 2 events of the dead time logged on restart"
}

# at_least N COMMAND...: COMMAND prints a number of at least N (for wait_until, which runs it again each time).
at_least() {
	local n="$1" v
	shift
	v="$("$@")" && [ "$v" -ge "$n" ]
}

nat_entries() { xgw_in router status --json | jq .tables.nat_bindings.entries; }

now_ms() { echo $(($(date +%s%N) / 1000000)); }

s0_attached() {
	xgw_in router status --json | jq -e '.interfaces[] | select(.name == "s0" and .present and .xdp_prog_id > 0 and .tc_prog_id > 0)'
}

# s0 deleted and made again under its name: xgwd attaches it again, nothing else disturbed.
recreated_interface() {
	local c0_before c0_after t0 took
	c0_before="$(xgw_in router status --json | jq -c '.interfaces[] | select(.name == "c0") | [.xdp_prog_id, .tc_prog_id]')"
	rexec router ip link del s0
	wait_until 10 "xgwd to count s0 gone" at_least 1 xgwd_counter links_gone
	t0="$(now_ms)"
	rexec router ip link add s0 address "$router_s0_mac" type veth \
		peer name eth0 address "$server_mac" netns "${P}server"
	wait_until 10 "s0's programs back" s0_attached
	took=$(($(now_ms) - t0))
	rexec router ip addr add "$router_s0/24" dev s0
	rexec server ip addr add "$server4/24" dev eth0
	rexec router ip link set s0 up
	rexec server ip link set eth0 up
	rexec server ethtool -K eth0 tx off >/dev/null
	rexec router ip neigh replace "$server4" lladdr "$server_mac" dev s0 nud permanent
	rexec server ip neigh replace "$router_s0" lladdr "$router_s0_mac" dev eth0 nud permanent
	rexec server ip route add default via "$router_s0"
	c0_after="$(xgw_in router status --json | jq -c '.interfaces[] | select(.name == "c0") | [.xdp_prog_id, .tc_prog_id]')"
	assert_eq "$c0_before" "$c0_after" "c0's programs while s0 came and went"
	ping_counted 5 "through the re-created s0"
	log "s0 deleted and made again: programs back after $took ms (measured: ip link add to status), c0 untouched, traffic passes"
}

# udp_source FILE PORT: the source address of the packets to PORT the server captured.
udp_sources() { grep -o "IP [0-9.]*\.[0-9]* > $server4\.$2" "$1" | awk '{print $2}' | sed 's/\.[0-9]*$//' | sort -u; }

# The masquerade address changes: a flow with the same ports leaves with the new address.
address_change() {
	local cap="$netns_work/masq.txt"
	: >"$cap.err"
	bg_in server tcpdump --immediate-mode -l -n -i eth0 udp port 9998 >"$cap" 2>"$cap.err"
	wait_until 5 "tcpdump in the server" grep -q listening "$cap.err"
	send_udp 2 9998 40000
	wait_until 5 "2 datagrams masqueraded from $router_s0" at_least 2 grep -c "IP $router_s0\." "$cap"
	rexec server ip neigh replace "$router_s0_new" lladdr "$router_s0_mac" dev eth0 nud permanent
	# Deleted first: a primary address takes its secondaries with it (promote_secondaries is off).
	rexec router ip addr del "$router_s0/24" dev s0
	rexec router ip addr add "$router_s0_new/24" dev s0
	rexec router ip neigh replace "$server4" lladdr "$server_mac" dev s0 nud permanent
	wait_until 10 "xgwd to drop the binding of $router_s0" at_least 1 xgwd_counter nat_bindings_readdressed
	send_udp 2 9998 40000
	wait_until 5 "2 datagrams masqueraded from $router_s0_new" at_least 2 grep -c "IP $router_s0_new\." "$cap"
	assert_eq "$router_s0
$router_s0_new" "$(udp_sources "$cap" 9998)" "sources the server saw, in order"
	log "masquerade address $router_s0 -> $router_s0_new: the same flow got a new binding with the new address"
}

# Flows and bindings nobody uses go when their lifetime runs out, not only when a packet comes;
# prints how long after the last packet each went (lifetime 2 s, swept once a second).
expiry() {
	local flows nat entries t0
	run xgw_in router nat set udp 2
	[ "$rc" -eq 0 ] || fail "nat set udp 2: $out"
	run xgw_in router fw set dyn_udp_lifetime 2
	[ "$rc" -eq 0 ] || fail "fw set dyn_udp_lifetime 2: $out"
	flows="$(xgwd_counter flows_expired)"
	nat="$(xgwd_counter nat_bindings_expired)"
	entries="$(nat_entries)"
	t0="$(now_ms)"
	send_udp 1 9996 40001
	wait_until 5 "a binding for the new flow" at_least $((entries + 2)) nat_entries
	wait_until 20 "xgwd to expire the keep-state flow" at_least $((flows + 1)) xgwd_counter flows_expired
	wait_until 20 "xgwd to expire the NAT binding" at_least $((nat + 1)) xgwd_counter nat_bindings_expired
	local took=$(($(now_ms) - t0))
	[ "$(nat_entries)" -le "$entries" ] || fail "the idle binding's 2 entries are still in the table: $(nat_entries) entries, $entries before it"
	assert_eq 0 "$(xgw_in router status --json | jq .tables.flows.entries)" "flow entries after expiry"
	log "an idle keep-state flow and its NAT binding (lifetimes 2 s) removed by xgwd $took ms after the packet"
}

# The restarted xgwd logs at most 4 at once, 2 a second: a burst is cut, the cut counted, and
# the next message that goes out says how many were held back.
rate_limited() {
	local suppressed
	suppressed="$(xgwd_counter log_suppressed)"
	send_udp 30 9999
	wait_until 10 "xgwd to suppress some of 30 events" at_least $((suppressed + 1)) xgwd_counter log_suppressed
	wait_until 20 "a message that says how many were suppressed" one_more_then_summary
	log "rate limit: $(xgwd_counter log_suppressed) suppressed, said so: $(grep -m1 -o '[0-9]* firewall log events suppressed by the rate limit' "$netns_work/syslog.txt")"
}

one_more_then_summary() {
	send_udp 1 9999
	grep -q 'suppressed="[0-9]*"' "$netns_work/syslog.txt"
}

# SIGHUP: a reload (the duties read again) around RELOADING=1 and READY=1; xgwd goes on.
reloaded() {
	local readies
	readies="$(grep -cx READY=1 "$netns_work/notify.txt")"
	kill -HUP "$xgwd_pid"
	wait_until 10 "READY=1 after the reload" at_least $((readies + 1)) grep -cx READY=1 "$netns_work/notify.txt"
	grep -qx RELOADING=1 "$netns_work/notify.txt" || fail "no RELOADING=1 at the notify socket"
	xgwd_runs "$xgwd_pid" || fail "xgwd after SIGHUP"
	log "SIGHUP: RELOADING=1, READY=1, still running"
}

metrics_served() {
	wait_until 10 "the metrics server" rexec router curl -fsS http://127.0.0.1:9469/metrics -o "$netns_work/metrics.txt"
	grep -q '^xgwd_log_forwarded_total [1-9]' "$netns_work/metrics.txt" || fail "no xgwd_log_forwarded_total in the metrics"
	grep -q '^xgw_' "$netns_work/metrics.txt" || fail "no data path metrics served"
	log "metrics: $(grep -c '^xgw' "$netns_work/metrics.txt") samples, xgwd's counters among them"
}

capabilities_dropped() {
	local eff
	eff="$(awk '/^CapEff/ {print $2}' /proc/"$xgwd_pid"/status)"
	# CAP_NET_ADMIN (12) and CAP_BPF (39); the re-created interface below is attached with them.
	assert_eq 0000008000001000 "$eff" "xgwd's effective capabilities"
	log "capabilities after start: $eff (net_admin, bpf)"
}

# The operator removes everything (detach --all --purge) and builds it again: xgwd finds the
# new state's log ring by itself.
state_made_again() {
	local logged
	run xgw_in router detach --all --purge
	[ "$rc" -eq 0 ] || fail "detach --all --purge: $out"
	attach_router c0 s0 --mode generic
	load_rules "$netns_work/xgwd.rules"
	logged="$(logged_events)"
	send_udp 3 9999
	wait_until 10 "3 events of the new state's ring at the syslog receiver" at_least $((logged + 3)) logged_events
	log "state purged and made again by xgw: xgwd forwards the new ring's events"
}

# SIGTERM: exit 0, the data path stays, and the run directory is gone.
stopped() {
	local cookie rc=0
	cookie="$(xgw_in router status --json | jq -r .netns_cookie)"
	kill -TERM "$xgwd_pid"
	wait "$xgwd_pid" || rc=$?
	assert_eq 0 "$rc" "xgwd's exit code after SIGTERM"
	assert_eq false "$(xgw_in router status --json | jq .xgwd.running)" "xgwd running after SIGTERM"
	[ ! -e "/run/xgw/ns-$cookie" ] || fail "/run/xgw/ns-$cookie left behind: $(ls "/run/xgw/ns-$cookie")"
	ping_counted 3 "after xgwd stopped"
	log "SIGTERM: exit 0, nothing left in /run/xgw, the data path still counts"
}

main() {
	lab_setup
	require_tools nc tcpdump ethtool ping curl
	[ -x "$XGWD" ] || fail "xgwd not found at '$XGWD'"
	local host
	for host in client server; do rexec "$host" ethtool -K eth0 tx off >/dev/null; done
	receiver "$netns_work/log.sock" "$netns_work/syslog.txt"
	receiver "$netns_work/notify.sock" "$netns_work/notify.txt"
	start_xgwd
	netns_pin_roots+=("$(xgw_in router status --json | jq -r .pin_root)")
	load_rules "$(rules_file xgwd.rules <<-EOF
		1000 allow log logamount 0 udp from any to any 9999 in recv c0
		1500 allow udp from any to any 9996 keep-state
		2000 allow ip from any to any
		[nat]
		masquerade s0 from $client4
	EOF
	)"
	capabilities_dropped
	notified
	log_reaches_syslog
	second_refused
	killed_under_traffic
	recreated_interface
	address_change
	expiry
	metrics_served
	rate_limited
	reloaded
	state_made_again
	stopped
	pass
}

main "$@"
