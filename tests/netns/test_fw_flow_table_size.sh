#!/usr/bin/env bash
# The state tables are sized at the first attach (--flows, --nat-bindings), shown by status, and
# cannot be resized while they exist. A flow table smaller than the flows made: every flow past
# its size evicts one, and `stats` (text, JSON, Prometheus) counts each eviction.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly size=1024 flows=3000

lab_setup
attach_router c0 s0 --flows "$size" --nat-bindings 4096
status="$(xgw_in router status --json)"
assert_eq "$size" "$(jq '.tables.flows.size' <<<"$status")" "flow table size in status"
assert_eq 4096 "$(jq '.tables.nat_bindings.size' <<<"$status")" "NAT binding table size in status"

run xgw_in router attach u0 --flows 2048
assert_eq 6 "$rc" "exit code of a resize while the table exists"
assert_contains "$out" "--flows: the table already has $size entries" "resize refusal"
run xgw_in router attach u0 --flows "$size"
[ "$rc" -eq 0 ] || fail "attach with the table's own size: $out"
run xgw_in router attach u0 --flows 100
assert_eq 2 "$rc" "exit code of a flow table below the minimum"

cat >"$netns_work/rules.conf" <<'RULES'
100 allow udp from 192.0.2.0/24 to any keep-state
200 allow ip from any to any
RULES
run xgw_in router fw load "$netns_work/rules.conf"
[ "$rc" -eq 0 ] || fail "fw load: $out"
run xgw_in router fw set dyn_udp_lifetime 300
[ "$rc" -eq 0 ] || fail "fw set: $out"

# One datagram from each of $flows source ports: one flow each.
rexec client "$netns_python" - "$server4" "$flows" <<'PY'
import socket, sys
addr, n = sys.argv[1], int(sys.argv[2])
for port in range(20000, 20000 + n):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("192.0.2.2", port))
    s.sendto(b"x", (addr, 9))
    s.close()
PY

stats="$(xgw_in router stats --json)"
created="$(jq '.tables.flows.created' <<<"$stats")"
evicted="$(jq '.tables.flows.evicted' <<<"$stats")"
entries="$(jq '.tables.flows.entries' <<<"$stats")"
[ "$created" -ge "$flows" ] || fail "flows created: $created, want at least $flows"
# Nothing expired or was removed: every flow made past the table's size evicted one.
assert_eq $((created - size)) "$evicted" "evictions (created $created into $size)"
[ "$entries" -le "$size" ] || fail "entries $entries above the size $size"
assert_contains "$(xgw_in router stats)" "flow table: $entries of $size" "stats text"
assert_contains "$(xgw_in router stats --prometheus)" "xgw_table_events_total{table=\"flows\",event=\"evicted\"} $evicted" "Prometheus eviction counter"
pass
