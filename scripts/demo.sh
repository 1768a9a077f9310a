#!/usr/bin/env bash
# The README's main command: builds xgw, brings up the namespace lab, attaches
# xgw to the router, sends real traffic from client to server through it, and
# shows what xgw saw. The lab is torn down on exit; exits non-zero if traffic fails.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly root
readonly prefix="${XGW_LAB_PREFIX:-xgw-}"
readonly xgw="$root/build/xgw"
readonly server4=198.51.100.2 server6=2001:db8:2::2
work=""
bg_pids=()

# Bold headings on a terminal, plain ones in a log.
if [ -t 1 ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold="" plain=""; fi
step() { printf '\n%s== %s%s\n' "$bold" "$*" "$plain"; }
say() { echo "   $*"; }
die() {
	echo "demo: FAILED: $*" >&2
	exit 1
}

lab() { bash "$root/scripts/lab.sh" --prefix "$prefix" "$@"; }
in_ns() {
	local ns="$1"
	shift
	nsenter --net="/run/netns/${prefix}${ns}" -- "$@"
}
xgw_router() { "$xgw" --netns "${prefix}router" "$@"; }

cleanup() {
	local rc=$? pid
	trap - EXIT
	for pid in "${bg_pids[@]}"; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	step "Tear down"
	# lab.sh detaches xgw in each namespace before deleting it.
	lab down | sed 's/^/   /'
	[ -z "$work" ] || rm -rf "$work"
	if [ "$rc" -eq 0 ]; then
		printf '\n%sdemo: traffic passed through xgw%s\n' "$bold" "$plain"
	fi
	exit "$rc"
}

# Polls until the command succeeds, for at most 5 seconds.
wait_for() {
	local what="$1" i
	shift
	for ((i = 0; i < 100; i++)); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.05
	done
	die "timed out waiting for $what"
}

# The output is read whole, not piped to grep -q: under pipefail a writer still writing when
# grep exits at its match dies of SIGPIPE and the test reads as false.
server_listens() { [ -n "$(in_ns server ss -H "$1" "sport = :$2")" ]; }

# True once the client has an established TCP connection to PORT.
client_connected() { [ -n "$(in_ns client ss -Htn state established "dport = :$1")" ]; }

# Starts a server-side command in the background; exec so $! is the command.
server_bg() {
	(exec nsenter --net="/run/netns/${prefix}server" -- "$@") &
	bg_pids+=("$!")
}

ping_both() {
	step "Ping server from client: IPv4, then IPv6"
	in_ns client ping -4 -c 3 -i 0.2 -W 2 "$server4" | sed 's/^/   /' || die "IPv4 ping lost packets"
	in_ns client ping -6 -c 3 -i 0.2 -W 2 "$server6" | sed 's/^/   /' || die "IPv6 ping lost packets"
}

tcp_transfer() {
	step "TCP: send 1 MiB from client to server with nc, check it arrived whole"
	head -c 1048576 /dev/urandom >"$work/sent"
	server_bg nc -d -l 5000 >"$work/got"
	local server_pid="$!"
	wait_for "nc on the server" server_listens -ltn 5000
	in_ns client nc -N -w 5 "$server4" 5000 <"$work/sent" || die "nc client failed"
	wait "$server_pid" || die "nc server failed"
	cmp -s "$work/sent" "$work/got" || die "the server received $(stat -c %s "$work/got") bytes, not the file sent"
	say "sent $(sha256sum <"$work/sent" | cut -c1-16)...  received $(sha256sum <"$work/got" | cut -c1-16)...  ($(stat -c %s "$work/got") bytes)"
}

udp_datagrams() {
	step "UDP: five 100-byte datagrams from client to server (IPv6) with nc"
	server_bg nc -6 -d -u -l 5001 >"$work/udp"
	wait_for "nc on the server" server_listens -lun 5001
	local i
	for ((i = 0; i < 5; i++)); do
		head -c 100 /dev/zero | tr '\0' u | in_ns client nc -6 -u -q 0 -p 40001 "$server6" 5001 ||
			die "nc client failed"
	done
	wait_for "500 bytes at the server" test "$(stat -c %s "$work/udp")" -eq 500
	say "the server received $(stat -c %s "$work/udp") bytes in 5 datagrams"
}

main() {
	[ "$(id -u)" -eq 0 ] || die "run as root: the demo creates network namespaces and loads BPF programs"
	work="$(mktemp -d /tmp/xgw-demo.XXXXXX)"
	trap cleanup EXIT
	trap 'exit 130' INT TERM

	step "Build (scripts/build.sh; installs Debian packages first if any is missing)"
	if ! bash "$root/scripts/build.sh" >"$work/build.log" 2>&1; then
		tail -n 40 "$work/build.log" >&2
		die "the build failed"
	fi
	say "built: $xgw"
	[ -x "$xgw" ] || die "the build did not produce $xgw"

	step "Lab: client --(c0) router (s0)-- server, in network namespaces ${prefix}*"
	lab up | sed 's/^/   /' || die "the lab did not come up"
	say "client 192.0.2.2, 2001:db8:1::2 -> router -> server $server4, $server6"

	step "Attach xgw to the router's c0 and s0 (XDP on ingress, tc on egress)"
	xgw_router attach c0 s0 | sed 's/^/   /' || die "xgw attach failed"
	say "the CLI has exited; the programs stay attached, pinned under /sys/fs/bpf/xgw"

	ping_both
	tcp_transfer
	udp_datagrams

	step "xgw status: what is attached where"
	xgw_router status | sed 's/^/   /' || die "xgw status failed"

	step "xgw stats: every frame above, counted by interface, direction and verdict"
	xgw_router stats | sed 's/^/   /' || die "xgw stats failed"

	firewall
}

# The firewall on the router: a small ruleset, real traffic, per-rule counters, a packet check.
firewall() {
	step "Firewall: load a ruleset on the router (docs/rules.md)"
	cat >"$work/rules.conf" <<-'RULES'
		# ping anywhere; web from the client network with state; log and drop telnet
		add check-state
		add allow icmp from any to any
		add allow icmp6 from any to any
		add allow tcp from 192.0.2.0/24 to any 80 setup keep-state
		add deny log tcp from any to any 23
		add deny ip from any to any
	RULES
	sed 's/^/   /' "$work/rules.conf"
	xgw_router fw load "$work/rules.conf" | sed 's/^/   /' || die "fw load failed"

	step "Traffic against the ruleset: ping passes, web passes (stateful), telnet is dropped"
	in_ns client ping -c 2 -q "$server4" >/dev/null || die "ping blocked by the firewall"
	say "ping $server4: answered"
	server_bg nc -d -l 80 >/dev/null
	wait_for "nc on tcp 80" server_listens -ltn 80
	# Held open for two seconds: long enough to see its flow in the table.
	(echo hello; sleep 2) | in_ns client nc -N -w 3 "$server4" 80 &
	local web=$!
	wait_for "the web connection" client_connected 80
	say "TCP to port 80: connected; xgw fw states shows the flow rule 400 keeps:"
	xgw_router fw states | sed 's/^/     /'
	wait "$web" || die "web blocked by the firewall"
	if echo x | in_ns client timeout 3 nc -w 2 "$server4" 23 2>/dev/null; then
		die "telnet got through the firewall"
	fi
	say "TCP to port 23: no connection (denied and logged by rule 500)"

	step "xgw fw show: packets, bytes and last match per rule"
	xgw_router fw show | sed 's/^/   /'
	step "xgw fw log: what the log rule saw"
	xgw_router fw log 2>&1 | sed 's/^/   /'
	step "xgw fw check: which rule decides a packet, run through the loaded program"
	say "$(xgw_router fw check in via c0 tcp from 192.0.2.2 to "$server4" 22 setup)  (tcp to port 22)"
	say "$(xgw_router fw check in via c0 tcp from 192.0.2.2 to "$server4" 80 setup)  (tcp to port 80)"

	step "NAT: masquerade the client network behind the router's s0 (docs/nat.md)"
	xgw_router nat masquerade s0 from 192.0.2.0/24 | sed 's/^/   /' || die "nat masquerade failed"
	in_ns client ping -c 2 -q "$server4" >/dev/null || die "ping through the NAT"
	say "ping $server4: answered through the NAT"
	server_bg nc -d -l 80 >/dev/null
	wait_for "nc on tcp 80" server_listens -ltn 80
	echo hello | in_ns client nc -N -w 3 "$server4" 80 || die "web through the NAT"
	say "TCP to port 80: connected through the NAT"
	step "xgw nat show: the flows, as the client sent them and as the server saw them"
	xgw_router nat show | sed 's/^/   /'
}

main "$@"
