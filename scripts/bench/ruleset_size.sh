#!/usr/bin/env bash
# The largest realistic rulesets xgw loads (issue 25, item 3): rulesets from ruleset_gen.py
# (overlapping nested prefixes, port ranges and lists, keep-state, interfaces) of growing size,
# each checked with `fw load --test` and then loaded for real on the lab router (generic XDP on
# c0 and s0). Prints, per size and seed: whether --test and the load agree, the load's wall
# time, and the firewall's locked map memory after it. The two must agree on every ruleset:
# a ruleset --test accepts loads, one it refuses is refused by the load too, with the same
# message, and a refused load changes nothing (the previous ruleset stays in force).
#
#   scripts/bench/ruleset_size.sh [SIZES] [SEEDS]   (default "1000 5000 10000 16000 20000" "1 2")
set -euo pipefail
cd "$(dirname "$0")/../.."

sizes="${1:-1000 5000 10000 16000 20000}"
seeds="${2:-1 2}"
xgw="$PWD/build/xgw"
prefix="xrs$$-"
lab() { bash scripts/lab.sh --prefix "$prefix" "$@"; }
router() { lab exec router "$xgw" "$@"; }
work="$(mktemp -d /tmp/xgw-rsize-XXXXXX)"
cleanup() {
	router detach --all --purge >/dev/null 2>&1 || true
	lab down >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT

lab up >/dev/null
router attach c0 s0 --mode generic >/dev/null
printf '100 allow ip from any to any\n' >"$work/base.rules"
router fw load "$work/base.rules" >/dev/null

printf '%-7s %-5s %-28s %-28s %8s %10s\n' rules seed "fw load --test" "fw load" seconds "fw memory"
for n in $sizes; do
	for seed in $seeds; do
		f="$work/r$n-$seed.rules"
		python3 scripts/bench/ruleset_gen.py "$n" "$seed" >"$f"
		if test_out="$("$xgw" fw load --test "$f" 2>&1)"; then t=ok; else t="refused"; fi
		start=$(date +%s.%N)
		if load_out="$(router fw load "$f" 2>&1)"; then l=ok; else l="refused"; fi
		secs=$(echo "$(date +%s.%N) - $start" | bc)
		mem="$(router status --json | jq '.memory.features.firewall // 0')"
		printf '%-7s %-5s %-28s %-28s %8.2f %9.1fM\n' "$n" "$seed" "$t" "$l" "$secs" "$(echo "$mem / 1048576" | bc -l)"
		if [ "$t" != "$l" ]; then
			echo "  DISAGREE: --test: $(tail -1 <<<"$test_out")"
			echo "            load:   $(tail -1 <<<"$load_out")"
		elif [ "$l" = refused ]; then
			echo "  why: $(grep -v warning <<<"$load_out" | tail -1)"
			[ "$(router fw show --json | jq '.rules | length')" -gt 0 ] || echo "  DEFECT: the refused load left no ruleset"
		fi
		router fw load "$work/base.rules" >/dev/null
	done
done
