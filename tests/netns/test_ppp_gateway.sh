#!/usr/bin/env bash
# xgw on an L3 link: a gateway dials an ISP with `xgw ppp` over a socat pty pair (its ppp0 is a
# TUN device: packets start with their IP header, no Ethernet), attaches xgw to ppp0 and its
# LAN veth, and masquerades the LAN behind ppp0. A LAN client's ping and a 300 KB TCP transfer
# reach a server beyond the link that has no route to the LAN; the ISP sees only the
# gateway's link address; an `out xmit ppp0` deny holds; nothing on ppp0 is counted malformed.
# Before the L3 variant of the programs, attaching to ppp0 dropped every packet as malformed.
# shellcheck source=tests/netns/lib.sh
source "$(dirname "$0")/lib.sh"

require_privileges
require_tools socat nc ping tcpdump jq

work="$(mktemp -d /tmp/xgw-pppgw-XXXXXX)"
# The namespaces are ${P}gw, ${P}isp and ${P}lan: rexec and exec_in (lib.sh) take the short names.
gw=gw isp=isp lan=lan
pids=()
lan4=192.168.7.2 gw_lan4=192.168.7.1 gw_ppp4=10.77.0.2 isp_ppp4=10.77.0.1 far4=198.51.100.10

cleanup() {
	local p
	rexec "$gw" "$XGW" detach --all --purge >/dev/null 2>&1 || true
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	for p in "$gw" "$isp" "$lan"; do ip netns del "$P$p" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT

xgw_gw() { rexec "$gw" "$XGW" "$@"; }

for ns in "$gw" "$isp" "$lan"; do
	ip netns add "$P$ns"
	rexec "$ns" ip link set lo up
done
ip link add l0 netns "$P$gw" type veth peer name eth0 netns "$P$lan"
rexec "$gw" ip addr add "$gw_lan4/24" dev l0
rexec "$gw" ip link set l0 up
rexec "$lan" ip addr add "$lan4/24" dev eth0
rexec "$lan" ip link set eth0 up
rexec "$lan" ip route add default via "$gw_lan4"
rexec "$gw" sysctl -qw net.ipv4.ip_forward=1 # a gateway forwards: the operator's setting
rexec "$isp" ip addr add "$far4/32" dev lo

mkdir -p "$work/gw" "$work/isp" "$work/run"
socat -d -d "pty,raw,echo=0,link=$work/ttyA" "pty,raw,echo=0,link=$work/ttyB" 2>"$work/socat.log" &
pids+=("$!")
for _ in $(seq 50); do [ -e "$work/ttyA" ] && [ -e "$work/ttyB" ] && break; sleep 0.1; done
[ -e "$work/ttyB" ] || fail "socat made no pty pair"
xppp() { "$XGW" ppp --run-dir "$work/run" "$@"; }
exec_in "$isp" "$XGW" ppp --ppp-dir "$work/isp" --run-dir "$work/run" answer "$work/ttyA" nodetach \
	local noauth linkname "${P}isp" "$isp_ppp4:$gw_ppp4" 2>"$work/isp.err" &
pids+=("$!")
exec_in "$gw" "$XGW" ppp --ppp-dir "$work/gw" --run-dir "$work/run" open "$work/ttyB" nodetach \
	local noauth linkname "${P}gw" noipdefault ipcp-accept-local defaultroute 2>"$work/gw.err" &
pids+=("$!")
for _ in $(seq 100); do
	prints '"phase": "network"' xppp status "${P}gw" --json 2>/dev/null &&
		prints '"phase": "network"' xppp status "${P}isp" --json 2>/dev/null && break
	sleep 0.2
done
prints '"phase": "network"' xppp status "${P}gw" --json ||
	fail "the link never came up: $(cat "$work/gw.err" "$work/isp.err")"
wait_until 10 "ppp0 with $gw_ppp4 in the gateway" prints "$gw_ppp4" rexec "$gw" ip -4 addr show ppp0
rexec "$gw" ip route replace default dev ppp0
log "ppp0 up: the gateway is $gw_ppp4, the ISP $isp_ppp4"

run xgw_gw attach ppp0 l0
[ "$rc" -eq 0 ] || fail "attach ppp0 l0: $out"
assert_eq true "$(xgw_gw status --json | jq '.interfaces[] | select(.name == "ppp0") | .l3_link')" "ppp0 is an L3 link"
run xgw_gw attach ppp0 --forward
assert_eq 5 "$rc" "the forwarding offload on ppp0: $out"
assert_contains "$out" "an L3 link" "the refusal says why"
cat >"$work/gw.rules" <<EOF
100 deny udp from any to any 9999 out xmit ppp0
200 allow ip from any to any
[nat]
masquerade ppp0
EOF
run xgw_gw fw load "$work/gw.rules"
[ "$rc" -eq 0 ] || fail "fw load: $out"

exec_in "$isp" tcpdump -l -n -i ppp0 -w "$work/isp.pcap" 2>/dev/null &
dump=$!
pids+=("$dump")
sleep 1
rexec "$lan" ping -c 3 -i 0.2 -W 3 -q "$far4" >/dev/null || fail "ping from the LAN across ppp0 (masqueraded)"
head -c 300000 /dev/urandom >"$work/blob"
exec_in "$isp" nc -l -N "$far4" 5001 >"$work/received" &
ncl=$!
pids+=("$ncl")
wait_until 5 "nc listening at the ISP" prints 5001 rexec "$isp" ss -Hltn
rexec "$lan" timeout 30 nc -N "$far4" 5001 <"$work/blob" || fail "TCP from the LAN across ppp0"
wait "$ncl" || true
cmp -s "$work/blob" "$work/received" || fail "the TCP stream changed on the way ($(stat -c %s "$work/received") bytes)"
for _ in 1 2 3; do echo denied | rexec "$lan" nc -u -w 1 -q 0 "$far4" 9999 || true; done
sleep 1
kill "$dump" 2>/dev/null || true
wait "$dump" 2>/dev/null || true
tcpdump -n -r "$work/isp.pcap" >"$work/isp.txt" 2>/dev/null
grep -q "IP $gw_ppp4 > $far4: ICMP echo request" "$work/isp.txt" || fail "no masqueraded ping at the ISP: $(head -5 "$work/isp.txt")"
! grep -q "IP $lan4" "$work/isp.txt" || fail "the LAN address crossed ppp0: $(grep "IP $lan4" "$work/isp.txt" | head -3)"
! grep -q "\.9999: UDP" "$work/isp.txt" || fail "the denied UDP crossed ppp0"
log "ping and 300 KB TCP from the LAN left ppp0 as $gw_ppp4; no LAN address and no denied UDP at the ISP"

stats="$(xgw_gw stats --json)"
ppp0_stats() { jq "[.interfaces[] | select(.name == \"ppp0\") | .$1] | add" <<<"$stats"; }
[ "$(ppp0_stats 'ingress.verdicts.pass.packets')" -ge 10 ] || fail "ppp0 ingress passes: $stats"
assert_eq 0 "$(jq '[.interfaces[] | select(.name == "ppp0") | (.ingress.reasons, .egress.reasons) | to_entries[].value] | add // 0' <<<"$stats")" "malformed on ppp0"
denied="$(xgw_gw fw show --json | jq '.rules[] | select(.number == 100) | .packets')"
[ "$denied" -ge 3 ] || fail "rule 100 counted $denied packets, not the 3 UDP datagrams"
log "ppp0 counted as an L3 link: nothing malformed, rule 100 denied $denied datagrams"

# fw check follows the same path: in by l0, routed out of ppp0, judged by its out rules.
run xgw_gw fw check in via l0 udp from "$lan4" 40000 to "$far4" 9999
assert_eq "denied by rule 100" "$(head -1 <<<"$out")" "fw check of the denied datagram"
run xgw_gw fw check in via l0 tcp from "$lan4" 40000 to "$far4" 80 setup
assert_eq "accepted by rule 200" "$(head -1 <<<"$out")" "fw check of a TCP SYN"
assert_contains "$out" "$gw_ppp4" "fw check names the masqueraded source"
log "fw check agrees: in by l0, out of ppp0 (L3), masqueraded as $gw_ppp4"
