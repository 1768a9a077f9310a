#!/usr/bin/env bash
# Footprint (issue 21): the kernel memory xgw's maps lock, as `xgw status --json` reads it back
# (the kernel's own memlock figure of each pinned map), grows with what is configured. A size
# beyond the memory budget is refused before anything is made. Sizes, not timings.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly kib=1024 mib=1048576

lab_setup
status() { xgw_in router status --json; }
mem() { status | jq .memory.bytes; }
gen_maps() { status | jq -r '[.memory.maps[] | select(.map | test("\\[")) | .map] | join(" ")'; }

run xgw_in router attach c0 --mode generic --flows 1000000000
assert_eq 2 "$rc" "exit code of a flow table beyond the memory budget"
assert_contains "$out" "choose a smaller --flows" "the refusal names the option"
run xgw_in router status
assert_eq 3 "$rc" "status after the refused attach (no state, no pins)"
[ -z "$(rexec router ip -j link show c0 | jq -r '.[0].xdp // empty')" ] ||
	fail "an XDP program is left on c0 after the refused attach"

attach_router c0 --mode generic
none="$(mem)"
log "nothing configured: $none bytes"
# The goal: less than xdp-filter's 4.6 MB. 3.9 MB measured: the flow table (1.2 MB), the rule
# counters' and the accounting hosts' buckets (0.5 MB each) and NAT bindings (0.5 MB) are most.
[ "$none" -le $((4 * mib)) ] || fail "nothing configured locks $none bytes (was 130 MB, then 9.9 MB)"
# Maps that hold only the slots in use: nothing in them before any ruleset or accounting.
for m in xgw_fw_counters xgw_fw_logged xgw_acct_pslot xgw_fw_rules; do
	used="$(status | jq --arg m "$m" '.memory.maps[] | select(.map == $m) | .bytes')"
	[ "$used" -le $((600 * kib)) ] || fail "$m locks $used bytes with nothing configured"
done
assert_eq "" "$(gen_maps)" "generation maps before any ruleset"
assert_eq 4096 "$(status | jq '.memory.maps[] | select(.map == "xgw_nat_bindings") | .capacity')" \
	"NAT binding table at its default"

printf '100 deny ip from 10.0.0.0/8 to any\n' >"$netns_work/one.rules"
run xgw_in router fw load "$netns_work/one.rules"
[ "$rc" -eq 0 ] || fail "fw load of one rule: $out"
one="$(mem)"
log "1 rule: $one bytes"
[ $((one - none)) -le $((64 * kib)) ] || fail "one rule added $((one - none)) bytes"
# No rule names a port: the generation's port image is one entry.
assert_eq 1 "$(status | jq '[.memory.maps[] | select(.map | startswith("xgw_fw_ports["))][0].capacity')" \
	"port image of a ruleset without ports"
# The rules are maps of the generation too, one per direction, sized to its rules.
assert_eq "1 1" "$(status | jq -r '[.memory.maps[] | select(.map | startswith("xgw_fw_rules[")) | .capacity] | join(" ")')" \
	"rules maps of a one-rule ruleset"

python3 "$netns_source_dir/scripts/bench/fw_rules.py" rules 10000 xgw >"$netns_work/10k.rules"
run xgw_in router fw load "$netns_work/10k.rules"
[ "$rc" -eq 0 ] || fail "fw load of 10k rules: $out"
tenk="$(mem)"
log "10k rules: $tenk bytes"
bitsets="$(status | jq '[.memory.maps[] | select(.map | startswith("xgw_fw_bitsets["))] | max_by(.capacity)')"
# Sized to the ruleset: one bitset per distinct rule set, not 16,384 up front.
[ "$(jq .capacity <<<"$bitsets")" -lt 16384 ] || fail "bitsets map not sized to the ruleset: $bitsets"
[ $((tenk - one)) -le $((32 * mib)) ] || fail "10k rules added $((tenk - one)) bytes"

run xgw_in router fw flush
[ "$rc" -eq 0 ] || fail "fw flush: $out"
run xgw_in router nat masquerade s0
[ "$rc" -eq 0 ] || fail "nat masquerade: $out"
nat="$(mem)"
log "NAT configured: $nat bytes"
[ "$nat" -le $((none + 4 * mib)) ] || fail "NAT configured locks $nat bytes"
pass
