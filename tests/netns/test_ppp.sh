#!/usr/bin/env bash
# Two xgw PPP endpoints in two namespaces over a socat pty pair, each running `xgw chat` as its
# connect program first (a dial and a modem that answers it); the answering side requires CHAP; LCP, CHAP and IPCP complete; ping and a 2 MB TCP transfer cross the TUN link with
# matching sha256; a wrong secret never reaches the network phase; when the answering side is
# killed the dialler notices by LCP echo failure and runs ip-down.
# shellcheck source=tests/netns/lib.sh
source "$(dirname "$0")/lib.sh"

require_privileges
require_tools socat nc sha256sum ping

work="$(mktemp -d /tmp/xgw-ppp-XXXXXX)"
nsa="${P}ppp-a"
nsb="${P}ppp-b"
pids=()

cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	ip netns del "$nsa" 2>/dev/null || true
	ip netns del "$nsb" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

ip netns add "$nsa"
ip netns add "$nsb"
in_a() { nsenter --net="/run/netns/$nsa" -- "$@"; }
in_b() { nsenter --net="/run/netns/$nsb" -- "$@"; }
# For background jobs: exec, so that $! is the process itself and kill reaches it.
run_a() { exec nsenter --net="/run/netns/$nsa" -- "$@"; }
run_b() { exec nsenter --net="/run/netns/$nsb" -- "$@"; }
in_a ip link set lo up
in_b ip link set lo up

# One ppp directory per side: options, secrets and scripts, never /etc/ppp.
mkdir -p "$work/a" "$work/b" "$work/run"
printf 'alice gw "s3cret pass" 10.77.0.2\n' >"$work/a/chap-secrets"
printf 'alice gw "s3cret pass"\n' >"$work/b/chap-secrets"
for side in a b; do
	for s in ip-up ip-down; do
		printf '#!/bin/sh\necho "%s $*" >>%s/%s.log\nenv | grep -E "^(IFNAME|IPLOCAL|IPREMOTE|PEERNAME|LINKNAME)=" | sort >>%s/%s.log\n' \
			"$s" "$work" "$side" "$work" "$side" >"$work/$side/$s"
		chmod +x "$work/$side/$s"
	done
done

start_pty() {
	socat -d -d "pty,raw,echo=0,link=$work/ttyA" "pty,raw,echo=0,link=$work/ttyB" 2>"$work/socat.log" &
	socat_pid=$!
	pids+=("$socat_pid")
	for _ in $(seq 50); do [ -e "$work/ttyA" ] && [ -e "$work/ttyB" ] && return; sleep 0.1; done
	fail "socat made no pty pair"
}

xppp() { "$XGW" ppp --run-dir "$work/run" "$@"; }

wait_phase() { # side link phase
	local _
	for _ in $(seq 100); do
		if prints "\"phase\": \"$3\"" xppp status "$2" --json 2>/dev/null; then return 0; fi
		sleep 0.2
	done
	xppp status "$2" || true
	fail "$2 never reached phase $3"
}

# Before PPP each side runs its connect program with `xgw chat` on the line: the dialler's
# script dials, the answerer's plays the modem that answers it.
start_pty
printf "TIMEOUT 10\nABORT 'NO CARRIER'\n'' ATZ\nOK ATDT5551234\nCONNECT ''\n" >"$work/b/dial.chat"
printf "TIMEOUT 10\nATZ OK\nATDT5551234 CONNECT\n" >"$work/a/answer.chat"
run_a "$XGW" ppp --ppp-dir "$work/a" --run-dir "$work/run" answer "$work/ttyA" nodetach local \
	connect "$XGW chat -v -s -f $work/a/answer.chat" require-chap name gw linkname "${P}a" 10.77.0.1: ms-dns 10.77.0.53 \
	lcp-echo-interval 1 lcp-echo-failure 3 2>"$work/a.err" &
pa=$!
pids+=("$pa")
run_b "$XGW" ppp --ppp-dir "$work/b" --run-dir "$work/run" open "$work/ttyB" nodetach local \
	connect "$XGW chat -v -s -f $work/b/dial.chat" name alice remotename gw linkname "${P}b" noipdefault usepeerdns ipcp-accept-local \
	lcp-echo-interval 1 lcp-echo-failure 3 2>"$work/b.err" &
pb=$!
pids+=("$pb")

wait_phase a "${P}a" network
wait_phase b "${P}b" network
for _ in $(seq 50); do grep -q ip-up "$work/b.log" 2>/dev/null && grep -q ip-up "$work/a.log" 2>/dev/null && break; sleep 0.1; done
log "both ends in the network phase"
grep -q "CONNECT" "$work/b.err" || fail "the dialler's chat saw no CONNECT: $(cat "$work/b.err")"
sb="$(xppp status "${P}b" --json)"
echo "$sb" | grep -q '"local": "10.77.0.2"' || fail "dialler did not get 10.77.0.2 from the secrets line: $sb"
echo "$sb" | grep -q '"10.77.0.53"' || fail "dialler did not get the DNS server: $sb"
echo "$sb" | grep -q '"auth_of_us": "chap"' || fail "CHAP was not negotiated: $sb"
grep -q "^ip-up ppp0 $work/ttyB 0 10.77.0.2 10.77.0.1" "$work/b.log" || fail "ip-up arguments: $(cat "$work/b.log")"
grep -q "^PEERNAME=alice" "$work/a.log" || fail "answerer's ip-up environment: $(cat "$work/a.log")"
grep -q "nameserver 10.77.0.53" "$work/run/${P}b.resolv.conf" || fail "no resolv.conf for the dialler"
mtu="$(in_b ip -j link show ppp0 | grep -o '"mtu":[0-9]*')"
[ "$mtu" = '"mtu":1500' ] || fail "ppp0 MTU $mtu"

in_b ping -c 3 -W 5 10.77.0.1 >/dev/null || fail "ping across the PPP link"
log "ping crosses the link"

head -c 2097152 /dev/urandom >"$work/blob"
run_a nc -l -N 10.77.0.1 5001 >"$work/received" &
ncl=$!
pids+=("$ncl")
sleep 0.3
in_b nc -N 10.77.0.1 5001 <"$work/blob" || fail "TCP transfer"
wait "$ncl" || true
[ "$(sha256sum <"$work/blob")" = "$(sha256sum <"$work/received")" ] || fail "2 MB transfer differs"
log "2 MB TCP transfer crossed with matching sha256"
# What one side sent, the other received (both count IP packets, not PPP frames). The state
# files are rewritten every second: poll until they show the transfer.
counter() { xppp status "$1" --json | grep -o "\"$2\": [0-9]*" | grep -o '[0-9]*$'; }
for _ in $(seq 50); do
	out_b="$(counter "${P}b" packets_out)"
	in_a_pk="$(counter "${P}a" packets_in)"
	[ "$out_b" -gt 1000 ] && [ "$out_b" -eq "$in_a_pk" ] && break
	sleep 0.2
done
{ [ "$out_b" -gt 1000 ] && [ "$out_b" -eq "$in_a_pk" ]; } || fail "counters disagree: b sent $out_b, a got $in_a_pk"
log "counters agree: $out_b packets"

# The answering side dies without a word: the dialler's echoes go unanswered.
kill -9 "$pa"
wait "$pa" 2>/dev/null || true
for _ in $(seq 150); do
	grep -q "no response to 3 echo-requests" "$work/b.err" && break
	sleep 0.1
done
grep -q "no response to 3 echo-requests" "$work/b.err" || fail "dialler did not notice by LCP echo failure: $(cat "$work/b.err")"
for _ in $(seq 100); do grep -q "^ip-down" "$work/b.log" && break; sleep 0.1; done
grep -q "^ip-down ppp0 $work/ttyB 0 10.77.0.2 10.77.0.1" "$work/b.log" || fail "ip-down did not run: $(cat "$work/b.log")"
if wait "$pb"; then fail "dialler exited 0 after losing its peer"; fi
log "echo failure seen, ip-down ran"

# Wrong secret: CHAP refused, neither end reaches the network phase.
kill "$socat_pid" 2>/dev/null || true
rm -f "$work/ttyA" "$work/ttyB"
start_pty
printf 'alice gw "wrong"\n' >"$work/b/chap-secrets"
run_a "$XGW" ppp --ppp-dir "$work/a" --run-dir "$work/run" answer "$work/ttyA" nodetach local \
	require-chap name gw linkname "${P}a" 10.77.0.1: 2>"$work/a2.err" &
pa=$!
pids+=("$pa")
run_b "$XGW" ppp --ppp-dir "$work/b" --run-dir "$work/run" open "$work/ttyB" nodetach local \
	name alice linkname "${P}b" noipdefault 2>"$work/b2.err" &
pb=$!
pids+=("$pb")
rc_a=0 rc_b=0
wait "$pa" || rc_a=$?
wait "$pb" || rc_b=$?
{ [ "$rc_a" -ne 0 ] && [ "$rc_b" -ne 0 ]; } || fail "wrong secret: exit codes $rc_a $rc_b"
grep -q "CHAP authentication of 'alice' failed" "$work/a2.err" || fail "answerer: $(cat "$work/a2.err")"
! grep -q "local IP address" "$work/a2.err" "$work/b2.err" || fail "network phase reached with a wrong secret"
log "wrong secret refused before the network phase"

# Unknown options are errors that name where they are.
printf 'noauth\nnot-an-option\n' >"$work/b/options"
set +e
out="$("$XGW" ppp --ppp-dir "$work/b" --run-dir "$work/run" open "$work/ttyB" 2>&1)"
rc=$?
set -e
{ [ "$rc" -eq 2 ] && [[ "$out" == *"$work/b/options:2: unknown option 'not-an-option'"* ]]; } || fail "bad option: rc $rc: $out"
log "PASS"
