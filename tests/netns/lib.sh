# shellcheck shell=bash
# Sourced by every tests/netns/test_*.sh: a private copy of the lab per test,
# teardown on every exit, and helpers to drive xgw and read its counters.
#
# ctest provides XGW (the built CLI) and XGW_SOURCE_DIR. Exit codes: 0 pass,
# 1 fail, 77 skip (no privileges; never under CI=true, where that fails).
set -euo pipefail

netns_source_dir="${XGW_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
readonly netns_source_dir
export XGW="${XGW:-$netns_source_dir/build/xgw}"
export XGWD="${XGWD:-$(dirname "$XGW")/xgwd}"
# Short and unique per test process, so tests run in parallel.
readonly P="xt$$-"
test_name="$(basename "$0" .sh)"
readonly test_name

# Fixed lab addresses (scripts/lab.sh); the tests use them.
# shellcheck disable=SC2034
readonly client4=192.0.2.2 client6=2001:db8:1::2 \
	server4=198.51.100.2 server6=2001:db8:2::2 \
	client_mac=02:00:00:00:01:02 router_c0_mac=02:00:00:00:01:01 \
	server_mac=02:00:00:00:02:02 router_s0_mac=02:00:00:00:02:01

netns_bg_pids=()
netns_work=""
netns_pin_roots=()
capture_pids=()
# Debian's python3 where there is one: faster to start than a pyenv shim, and it has scapy.
netns_python="$(command -v /usr/bin/python3 || command -v python3)"

log() { echo "[$test_name] $*"; }

fail() {
	echo "[$test_name] FAIL: $*" >&2
	exit 1
}

# Skips (77) where the machine cannot run the test, but under CI=true that is a
# failure: CI is root on a real kernel and must run every tier.
skip_or_fail() {
	if [ "${CI:-}" = true ]; then
		fail "cannot run under CI=true: $*"
	fi
	echo "[$test_name] SKIP: $*"
	exit 77
}

require_privileges() {
	[ "$(id -u)" -eq 0 ] || skip_or_fail "needs root (network namespaces, BPF)"
	unshare --net true 2>/dev/null || skip_or_fail "cannot create network namespaces"
	[ -d /sys/fs/bpf ] || skip_or_fail "no /sys/fs/bpf (bpffs)"
	if [ "$(stat -f -c %T /sys/fs/bpf)" != bpf_fs ]; then
		mount -t bpf bpf /sys/fs/bpf 2>/dev/null || skip_or_fail "bpffs is not mounted at /sys/fs/bpf and cannot be"
	fi
}

require_tools() {
	local tool
	for tool in "$@"; do
		command -v "$tool" >/dev/null || fail "missing tool '$tool' (run scripts/install-deps.sh)"
	done
}

lab() { bash "$netns_source_dir/scripts/lab.sh" --prefix "$P" "$@"; }

rexec() {
	local ns="$1"
	shift
	nsenter --net="/run/netns/${P}${ns}" -- "$@"
}

exec_in() {
	local ns="$1"
	shift
	exec nsenter --net="/run/netns/${P}${ns}" -- "$@"
}

xgw_in() {
	local ns="$1"
	shift
	"$XGW" --netns "${P}${ns}" "$@"
}

teardown() {
	local rc=$? root
	trap - EXIT
	stop_bg
	[ "$rc" -eq 0 ] || dump_state
	# lab.sh down detaches xgw in each namespace before deleting it.
	lab down >/dev/null 2>&1 || true
	for root in "${netns_pin_roots[@]}"; do
		if [ -e "$root" ]; then
			echo "[$test_name] FAIL: pins left behind in $root" >&2
			rm -rf "$root"
			rc=1
		fi
	done
	[ -z "$netns_work" ] || rm -rf "$netns_work"
	exit "$rc"
}

dump_state() {
	echo "[$test_name] state at failure:" >&2
	xgw_in router status 2>&1 | sed 's/^/  /' >&2 || true
	xgw_in router stats 2>&1 | sed 's/^/  /' >&2 || true
}

# Every test starts here: privileges, its own lab, and the teardown trap.
# --no-xgw: the test does not run xgw (the lab's own checks).
lab_setup() {
	require_privileges
	require_tools nsenter ip jq tc ss nft
	if [ "${1:-}" != --no-xgw ]; then
		[ -x "$XGW" ] || fail "xgw binary not found at '$XGW' (build first, or set XGW)"
	fi
	netns_work="$(mktemp -d "/tmp/xgw-$test_name.XXXXXX")"
	trap teardown EXIT
	trap 'exit 130' INT TERM
	lab up >/dev/null
}

# Starts a background command in a namespace; teardown kills it. exec makes
# $! the command itself, not a subshell that would not pass the signal on.
bg_in() {
	local ns="$1"
	shift
	exec_in "$ns" "$@" &
	netns_bg_pids+=("$!")
}

# stop_bg: terminates the background commands and waits for them.
stop_bg() {
	local pid
	for pid in "${netns_bg_pids[@]}"; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	netns_bg_pids=()
}

# Polls until the command succeeds; fails the test after timeout seconds.
wait_until() {
	local timeout="$1" what="$2" deadline
	shift 2
	deadline=$(($(date +%s%N) + timeout * 1000000000))
	until "$@" >/dev/null 2>&1; do
		[ "$(date +%s%N)" -lt "$deadline" ] || fail "timed out after ${timeout}s waiting for $what"
		sleep 0.05
	done
}

# prints PATTERN CMD [ARG...]: true when CMD succeeds and a line of its output matches PATTERN
# (grep -E). The output is read whole before grep looks at it: under pipefail, `CMD | grep -q`
# fails at random when grep exits at its match while CMD is still writing (ip writes a line
# at a time and dies of SIGPIPE), which is how test_policy once reported a lost ip rule.
prints() {
	local pattern="$1" out
	shift
	out="$("$@")" || return 1
	grep -Eq -- "$pattern" <<<"$out"
}

# True once a socket listens on PORT (tcp or udp) in NS.
listening() {
	local ns="$1" proto="$2" port="$3" flag=-ltn
	[ "$proto" = udp ] && flag=-lun
	prints . rexec "$ns" ss -H "$flag" "sport = :$port"
}

# tcp_transfer FROM TO ADDR PORT BYTES: BYTES of random data over one TCP connection from
# FROM to a listener on TO; fails the test unless they arrive intact.
tcp_transfer() {
	local from="$1" to="$2" addr="$3" port="$4" bytes="$5"
	bg_in "$to" sh -c "nc -l -N $port >'$netns_work/tcp.out'"
	wait_until 5 "tcp listener on $to:$port" listening "$to" tcp "$port"
	head -c "$bytes" /dev/urandom >"$netns_work/tcp.in"
	rexec "$from" timeout 30 nc -N "$addr" "$port" <"$netns_work/tcp.in" || fail "nc tcp $from -> $addr:$port (stalled 30 s?)"
	wait_until 5 "$bytes TCP bytes at $to" test "$(stat -c %s "$netns_work/tcp.out")" -eq "$bytes"
	cmp -s "$netns_work/tcp.out" "$netns_work/tcp.in" || fail "TCP stream changed on the way"
}

assert_eq() {
	local expected="$1" actual="$2" what="$3"
	[ "$expected" = "$actual" ] || fail "$what: expected '$expected', got '$actual'"
}

assert_contains() {
	local haystack="$1" needle="$2" what="$3"
	[[ "$haystack" == *"$needle"* ]] || fail "$what: expected to contain '$needle', got: $haystack"
}

assert_not_contains() {
	local haystack="$1" needle="$2" what="$3"
	[[ "$haystack" != *"$needle"* ]] || fail "$what: expected not to contain '$needle', got: $haystack"
}

# Runs a command, saving its combined output in $out and exit code in $rc.
# shellcheck disable=SC2034 # out and rc are for the caller
run() {
	set +e
	out="$("$@" 2>&1)"
	rc=$?
	set -e
}

# Attaches xgw in the router and remembers the pin root for the leak check.
attach_router() {
	run xgw_in router attach "$@"
	[ "$rc" -eq 0 ] || fail "xgw attach $* exited $rc: $out"
	local root
	root="$(xgw_in router status --json | jq -r .pin_root)"
	if [ -z "$root" ] || [ "$root" = null ]; then
		fail "xgw status --json has no pin_root"
	fi
	netns_pin_roots+=("$root")
}

stats_json() { xgw_in router stats --json; }

# stat_of JSON IFACE DOTTED.PATH, e.g. stat_of "$s" c0 ingress.verdicts.pass.packets
# An attached interface that has not seen a packet yet may be missing: zero.
stat_of() {
	jq -er --arg i "$2" --arg p "$3" '[.interfaces[] | select(.name == $i)] |
		if length == 0 then 0 else .[0] | getpath($p | split(".")) end' <<<"$1" ||
		fail "no counter $3 for $2 in: $1"
}

# The kernel's own count of what a lab interface sent or received (tx|rx, packets|bytes).
# Packets only: a veth whose peer runs native XDP counts bytes without the
# Ethernet header, so frame bytes come from a capture (capture_start).
link_stat() {
	rexec "$1" ip -j -s link show dev "$2" | jq -er ".[0].stats64.$3.$4"
}

# Frames seen on the client's and server's eth0: the oracle that xgw's
# counters on the router's c0 and s0 must equal.
capture_start() {
	local host
	capture_pids=()
	for host in client server; do
		: >"$netns_work/$host.err"
		bg_in "$host" tcpdump --immediate-mode -U -n -s 64 -i eth0 -w "$netns_work/$host.pcap" 2>"$netns_work/$host.err"
		capture_pids+=("$!")
	done
	for host in client server; do
		wait_until 5 "tcpdump on $host eth0" grep -q listening "$netns_work/$host.err"
	done
	capture_links_before="$(links_packets)"
}

# l4_checksums_ok WHAT PCAP: fails unless every TCP, UDP and ICMP checksum in the capture
# (taken at full snap length) is complete and valid, or a valid seed left to offload as
# veth hands it on (l4_csum_check.py); logs the counts.
l4_checksums_ok() {
	local out
	out="$("$netns_python" "$netns_source_dir/tests/netns/l4_csum_check.py" "$2")" ||
		fail "$1: layer-4 checksums: $out"
	log "$1 checksums: ${out#*: }"
}

# Packets the client's and server's eth0 sent plus received, per the kernel.
links_packets() {
	local host
	for host in client server; do
		echo "$host $(($(link_stat "$host" eth0 tx packets) + $(link_stat "$host" eth0 rx packets)))"
	done
}

# pcap_frames FILE: {"<src mac>": {"packets": N, "bytes": N}} over whole records.
pcap_frames() {
	"$netns_python" - "$1" <<-'PY'
		import json, struct, sys
		data = open(sys.argv[1], "rb").read()
		out, off = {}, 24
		while off + 16 <= len(data):
		    _, _, incl, orig = struct.unpack_from("<IIII", data, off)
		    frame = data[off + 16:off + 16 + incl]
		    if len(frame) < incl:
		        break
		    off += 16 + incl
		    src = ":".join(f"{b:02x}" for b in frame[6:12])
		    entry = out.setdefault(src, {"packets": 0, "bytes": 0})
		    entry["packets"] += 1
		    entry["bytes"] += orig
		print(json.dumps(out))
	PY
}

pcap_total_packets() {
	pcap_frames "$1" | jq '[.[].packets] | add // 0'
}

# Waits until each capture holds every packet the kernel says crossed its link,
# then stops the captures.
capture_stop() {
	local after host before_n after_n
	after="$(links_packets)"
	for host in client server; do
		before_n="$(awk -v h="$host" '$1 == h { print $2 }' <<<"$capture_links_before")"
		after_n="$(awk -v h="$host" '$1 == h { print $2 }' <<<"$after")"
		wait_until 5 "$((after_n - before_n)) frames in the $host capture" \
			test "$(pcap_total_packets "$netns_work/$host.pcap")" -eq $((after_n - before_n))
	done
	local pid
	for pid in "${capture_pids[@]}"; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
}

# delta BEFORE AFTER IFACE PATH: how much an xgw counter grew between two `stats --json`.
delta() {
	echo $(($(stat_of "$2" "$3" "$4") - $(stat_of "$1" "$3" "$4")))
}

# verdict_deltas BEFORE AFTER: {iface: {direction: {verdict: {packets, bytes}}}}
# for c0 and s0, pass and drop, in one jq run.
verdict_deltas() {
	jq -cn --argjson b "$1" --argjson a "$2" '
		def v($s; $i; $d; $k; $f): [$s.interfaces[] | select(.name == $i)][0][$d].verdicts[$k][$f] // 0;
		reduce ("c0", "s0") as $i ({}; reduce ("ingress", "egress") as $d (.;
			reduce ("pass", "drop") as $k (.; reduce ("packets", "bytes") as $f (.;
				.[$i][$d][$k][$f] = v($a; $i; $d; $k; $f) - v($b; $i; $d; $k; $f)))))'
}

# traffic_begin; <send traffic>; traffic_end: every frame the client and server
# sent or received crossed xgw on the router, passed, and was counted once with
# its full length. Leaves the stats in $traffic_before and $traffic_after.
traffic_begin() {
	capture_start
	traffic_before="$(stats_json)"
}

traffic_end() {
	traffic_after="$(stats_json)"
	capture_stop
	local expected actual
	# Frames the client sent went in on c0; frames it received came out of c0.
	expected="$(jq -cn --argjson c "$(pcap_frames "$netns_work/client.pcap")" \
		--argjson s "$(pcap_frames "$netns_work/server.pcap")" \
		--arg cm "$client_mac" --arg rc "$router_c0_mac" --arg sm "$server_mac" --arg rs "$router_s0_mac" '
		def f($x): {packets: ($x.packets // 0), bytes: ($x.bytes // 0)};
		def none: {packets: 0, bytes: 0};
		{c0: {ingress: {pass: f($c[$cm]), drop: none}, egress: {pass: f($c[$rc]), drop: none}},
		 s0: {ingress: {pass: f($s[$sm]), drop: none}, egress: {pass: f($s[$rs]), drop: none}}}')"
	actual="$(verdict_deltas "$traffic_before" "$traffic_after")"
	assert_eq "$expected" "$actual" "xgw's counters vs the frames captured at the client and server"
}

# ping_counted COUNT WHAT: COUNT IPv4 pings from client to server pass, and
# xgw's c0 ingress pass counter grows by exactly COUNT.
ping_counted() {
	local count="$1" what="$2" before after
	before="$(stats_json)"
	rexec client ping -c "$count" -i 0.01 -W 2 -q "$server4" >/dev/null || fail "$what: ping failed"
	after="$(stats_json)"
	assert_eq "$count" "$(delta "$before" "$after" c0 ingress.verdicts.pass.packets)" "$what: pings counted on c0"
}

# A python3 that has scapy (Debian's, when a pyenv python shadows it).
scapy_python() {
	local py
	for py in "$netns_python" python3; do
		if "$py" -c 'import scapy' 2>/dev/null; then
			command -v "$py"
			return 0
		fi
	done
	fail "no python3 with scapy (install python3-scapy)"
}

pass() { log "PASS"; }
