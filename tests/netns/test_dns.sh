#!/usr/bin/env bash
# `xgw dns serve` in the lab: nsd in server is the upstream, a second nsd in upstream2 the
# per-domain upstream, dig in client the client. Answers equal nsd's; repeats are cache hits
# that nsd never sees (its own counters); TTLs count down; NXDOMAIN is cached for the SOA
# minimum; a truncated answer is asked again over TCP; clients outside the allowed networks get
# REFUSED; forged answers (wrong source port, wrong ID) are ignored.
# shellcheck source=tests/netns/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=tests/netns/dns_lib.sh
source "$(dirname "$0")/dns_lib.sh"

# shellcheck disable=SC2119 # no options: xgw runs in the lab
lab_setup
require_tools nsd nsd-control dig promtool

here="$(cd "$(dirname "$0")" && pwd)"
zone=test.example
xgw_addr=192.0.2.1
nsd_addr=198.51.100.2
dig_opts=(+tries=1 +timeout=3)

# ask NS SERVER NAME TYPE [dig options]: dig's answer section.
ask() {
	local ns="$1" server="$2" name="$3" type="$4"
	shift 4
	rexec "$ns" dig "${dig_opts[@]}" @"$server" "$name" "$type" +noall +answer "$@"
}

# status_of NS SERVER NAME TYPE [dig options]: the rcode.
status_of() {
	local ns="$1" server="$2" name="$3" type="$4"
	shift 4
	rexec "$ns" dig "${dig_opts[@]}" @"$server" "$name" "$type" +noall +comments "$@" |
		sed -n 's/.*status: \([A-Z]*\),.*/\1/p'
}

# batch SERVER: every query of the list, as rcode and records without TTLs (so that an answer
# from the cache compares equal to nsd's).
batch() {
	rexec client dig "${dig_opts[@]}" @"$1" -f "$netns_work/queries" +nocmd +noall +comments \
		+answer +authority |
		awk '/status:/ { s = $0; sub(/.*status: /, "", s); sub(/,.*/, "", s); print "status", s; next }
		     /^;/ || NF == 0 { next }
		     { $2 = ""; print }'
}

"$netns_python" "$here/dns_zone.py" "$netns_work/zone" "$netns_work/queries" "$zone"
mkdir -p "$netns_work/server" "$netns_work/upstream2"
cp "$netns_work/zone" "$netns_work/server/$zone.zone"
cat >"$netns_work/upstream2/other.example.zone" <<-'ZONE'
	$ORIGIN other.example.
	$TTL 300
	@ IN SOA ns admin 1 3600 600 86400 3
	@ IN NS ns
	ns IN A 203.0.113.2
	www IN A 203.0.113.80
ZONE
start_nsd server "$nsd_addr" "$zone"
start_nsd upstream2 203.0.113.2 other.example
bg_in upstream2 "$netns_python" "$here/dns_spoof_upstream.py" 203.0.113.2 5353 6.6.6.6 203.0.113.99
wait_until 5 "forging upstream" listening upstream2 udp 5353
printf '192.0.2.53 gw.lan gw\n2001:db8:1::53 gw.lan\n' >"$netns_work/hosts"

control="$netns_work/dns.sock"
bg_in router "$XGW" dns serve --listen "$xgw_addr" --listen "[2001:db8:1::1]" \
	--upstream "$nsd_addr" --server /other.example/203.0.113.2 \
	--server /spoof.example/203.0.113.2#5353 --hosts "$netns_work/hosts" \
	--control "$control" --threads 2 --timeout 1000
wait_until 10 "xgw dns serve" test -S "$control"

log "answers equal nsd's for $(wc -l <"$netns_work/queries") questions"
direct="$(batch "$nsd_addr")"
first="$(batch "$xgw_addr")"
[ "$(grep -c '^status' <<<"$direct")" -eq "$(wc -l <"$netns_work/queries")" ] ||
	fail "nsd did not answer every question"
grep -q 'status NXDOMAIN' <<<"$direct" || fail "no NXDOMAIN among the answers"
grep -q ' CNAME ' <<<"$direct" || fail "no CNAME chain among the answers"
[ "$first" = "$direct" ] || fail "xgw's answers differ from nsd's: $(diff <(echo "$direct") <(echo "$first") | head -20)"

log "asked again, every answer comes from the cache: nsd sees no query"
before="$(nsd_stat server num.queries)"
again="$(batch "$xgw_addr")"
[ "$again" = "$direct" ] || fail "cached answers differ from nsd's"
assert_eq "$before" "$(nsd_stat server num.queries)" "nsd's query count after the repeat"

log "TTLs count down in cached answers"
ttl1="$(ask client "$xgw_addr" "h1.$zone" A | awk '{print $2}')"
sleep 2
ttl2="$(ask client "$xgw_addr" "h1.$zone" A | awk '{print $2}')"
if [ "$ttl1" -gt 300 ] || [ "$ttl2" -ge "$ttl1" ]; then
	fail "TTL did not count down: $ttl1 then $ttl2"
fi

log "NXDOMAIN is cached for the SOA minimum (3 s in other.example), then asked again"
q0="$(nsd_stat upstream2 num.queries)"
assert_eq NXDOMAIN "$(status_of client "$xgw_addr" gone.other.example A)" "status of gone.other.example"
assert_eq "$((q0 + 1))" "$(nsd_stat upstream2 num.queries)" "nsd queries after the first NXDOMAIN"
assert_eq NXDOMAIN "$(status_of client "$xgw_addr" gone.other.example A)" "cached NXDOMAIN"
assert_eq "$((q0 + 1))" "$(nsd_stat upstream2 num.queries)" "nsd queries after the cached NXDOMAIN"
sleep 3.5
assert_eq NXDOMAIN "$(status_of client "$xgw_addr" gone.other.example A)" "NXDOMAIN after expiry"
assert_eq "$((q0 + 2))" "$(nsd_stat upstream2 num.queries)" "nsd queries after the NXDOMAIN expired"

log "a truncated answer is asked again over TCP; a client with a small buffer gets TC"
tcp0="$(nsd_stat server num.tcp)"
big="$(ask client "$xgw_addr" "big.$zone" TXT +bufsize=4096 +ignore)"
assert_eq 12 "$(grep -c TXT <<<"$big")" "TXT records of big.$zone over UDP with a 4096-byte buffer"
assert_eq "$((tcp0 + 1))" "$(nsd_stat server num.tcp)" "nsd TCP queries"
flags="$(rexec client dig "${dig_opts[@]}" @"$xgw_addr" "big.$zone" TXT +noedns +ignore +noall +comments | grep 'flags:')"
assert_contains "$flags" " tc" "flags of the answer to a client without EDNS0"
assert_eq 12 "$(ask client "$xgw_addr" "big.$zone" TXT +tcp | grep -c TXT)" "TXT records over TCP"

log "names in other.example go to the per-domain upstream"
q0="$(nsd_stat server num.queries)"
assert_eq 203.0.113.80 "$(ask client "$xgw_addr" www.other.example A | awk '{print $5}')" "www.other.example"
assert_eq "$q0" "$(nsd_stat server num.queries)" "queries at the default upstream"

log "forged answers (other source port, wrong ID) are ignored"
assert_eq 203.0.113.99 "$(ask client "$xgw_addr" www.spoof.example A | awk '{print $5}')" "www.spoof.example"
assert_eq 203.0.113.99 "$(ask client "$xgw_addr" www.spoof.example A | awk '{print $5}')" "www.spoof.example from the cache"

log "hosts-file names are answered authoritatively; IPv6 works as IPv4 does"
flags="$(rexec client dig "${dig_opts[@]}" @"$xgw_addr" gw.lan A +noall +comments | grep 'flags:')"
assert_contains "$flags" " aa" "flags of a hosts-file answer"
assert_eq 192.0.2.53 "$(ask client "$xgw_addr" gw.lan A | awk '{print $5}')" "gw.lan A"
assert_eq 2001:db8:1::53 "$(ask client 2001:db8:1::1 gw.lan AAAA | awk '{print $5}')" "gw.lan AAAA over IPv6"
assert_eq "$(ask client "$nsd_addr" "h2.$zone" AAAA | awk '{print $5}')" \
	"$(ask client 2001:db8:1::1 "h2.$zone" AAAA | awk '{print $5}')" "h2 AAAA over IPv6"

log "a client outside the allowed networks gets REFUSED"
assert_eq REFUSED "$(status_of server "$xgw_addr" "h1.$zone" A)" "status for a client in 198.51.100.0/24"

log "a malformed query gets FORMERR and the forwarder lives on"
rcode="$(rexec client "$netns_python" -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(3)
s.sendto(bytes.fromhex("abcd01000001000000000000") + b"\x05ab", (sys.argv[1], 53))
print(s.recv(512)[3] & 15)' "$xgw_addr")"
assert_eq 1 "$rcode" "rcode for a truncated question"
assert_eq NOERROR "$(status_of client "$xgw_addr" "h3.$zone" A)" "a query after the malformed one"

log "counters: xgw dns stats, JSON and Prometheus"
stats="$("$XGW" dns stats --json --control "$control")"
[ "$(jq -r .counters.cache_hits <<<"$stats")" -ge 420 ] || fail "cache hits: $stats"
[ "$(jq -r .counters.refused <<<"$stats")" -ge 1 ] || fail "refused: $stats"
[ "$(jq -r .counters.formerr <<<"$stats")" -ge 1 ] || fail "formerr: $stats"
ignored="$(jq -r '.upstreams[] | select(.server == "203.0.113.2:5353") | .ignored' <<<"$stats")"
[ "$ignored" -ge 1 ] || fail "ignored answers from the forging upstream: $stats"
[ "$(jq -r '.upstreams[] | select(.server == "198.51.100.2:53") | .tcp_retries' <<<"$stats")" -eq 1 ] ||
	fail "TCP retries: $stats"
"$XGW" dns stats --prometheus --control "$control" >"$netns_work/metrics"
promtool check metrics <"$netns_work/metrics" || fail "promtool rejects the metrics"
grep -q '^xgw_dns_cache_hits_total ' "$netns_work/metrics" || fail "no cache hits metric"
log "PASS"
