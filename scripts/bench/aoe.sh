#!/usr/bin/env bash
# AoE block throughput on the lab, in one run: xgw's initiator (client eth0) against vblade and
# against xgw's target on the router's c0 (xgw attached there), the target once on AF_XDP (its
# default) and once on AF_PACKET (--transport packet) for reference. Sequential and random 4 KiB
# reads and writes, alternating targets round by round; MB/s, IOPS, the ratios to vblade, and
# each target's own CPU time per I/O (user + system of its process, from /proc). Before each run
# the target's image is read through once, so every run starts with its image in the page cache
# (this machine's DAMON reclaim evicts cold pages between runs).
#
#   scripts/bench/aoe.sh [SECONDS] [ROUNDS] [MODE]   (defaults: 5 s per run, 2 rounds, generic)
set -euo pipefail

readonly root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
readonly seconds="${1:-5}" rounds="${2:-2}" mode="${3:-generic}" prefix="xb-aoe-"
readonly xgw="${XGW:-$root/build/xgw}" buffers=64 image_mib=256
readonly targets=(1.1 1.2 1.3)
names=("vblade" "xgw AF_XDP" "xgw AF_PACKET") # replaced by what the targets report
readonly workloads=("read seq" "read rand" "write seq" "write rand")
work="$(mktemp -d /tmp/xgw-bench-aoe.XXXXXX)"
pids=()

in_ns() {
	local ns="$1"
	shift
	nsenter --net="/run/netns/${prefix}$ns" -- "$@"
}

cleanup() {
	local pid
	for pid in "${pids[@]}"; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	"$xgw" --netns "${prefix}router" detach --all --purge >/dev/null 2>&1 || true
	bash "$root/scripts/lab.sh" --prefix "$prefix" down >/dev/null 2>&1 || true
	rm -rf "$work"
}

# CPU ticks (user + system) a process has used.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

start_targets() {
	local i
	# Written through once, so no run pays for allocating blocks of a sparse file.
	head -c "$((image_mib << 20))" /dev/urandom >"$work/1.1.img"
	cp "$work/1.1.img" "$work/1.2.img"
	cp "$work/1.1.img" "$work/1.3.img"
	# nsenter itself in the background (not a function), so $! is the target's own pid.
	nsenter --net="/run/netns/${prefix}router" -- vblade -b "$buffers" 1 1 c0 "$work/1.1.img" >"$work/1.1.log" 2>&1 &
	pids+=("$!")
	nsenter --net="/run/netns/${prefix}router" -- "$xgw" aoe export 1 2 c0 "$work/1.2.img" -b "$buffers" \
		--transport xsk >"$work/1.2.log" 2>&1 &
	pids+=("$!")
	sleep 0.5 # 1.2 takes c0's one AF_XDP queue before 1.3 starts
	nsenter --net="/run/netns/${prefix}router" -- "$xgw" aoe export 1 3 c0 "$work/1.3.img" -b "$buffers" \
		--transport packet >"$work/1.3.log" 2>&1 &
	pids+=("$!")
	for i in 1 2 3; do
		"$xgw" --netns "${prefix}client" aoe discover eth0 --json | jq -e ".targets | length == 3" >/dev/null && return
		sleep 1
	done
	echo "aoe.sh: the three targets did not all answer discovery" >&2
	cat "$work"/*.log >&2
	exit 1
}

# What runs, as xgw reports it (not as asked): c0's XDP mode, each target's transport; the
# table's target names carry them.
report_modes() {
	local attached show t
	attached="$("$xgw" --netns "${prefix}router" status --json | jq -r '.interfaces[] | select(.name == "c0") | .mode')"
	show="$("$xgw" --netns "${prefix}router" aoe show --json)"
	echo "c0: XDP $attached (asked: $mode); initiator: AF_PACKET on the client's eth0"
	echo "1.1 vblade: AF_PACKET (its requests pass XDP to the stack)"
	for t in 1 2; do
		names[t]="xgw $(jq -r --arg a "${targets[t]}" '.targets[] | select(.address == $a) | .export.transport' <<<"$show")/$attached"
		echo "${targets[t]} ${names[t]}: $(grep -o 'over .*' "$work/${targets[t]}.log" | head -n 1)"
	done
	names[0]="vblade/$attached"
}

# run TARGET_INDEX OP PATTERN: "IOPS MB/s target-CPU-us/IO initiator-CPU-us/IO" of one run.
run() {
	local pid="${pids[$1]}" before after j
	cat "$work/${targets[$1]}.img" >/dev/null
	before="$(cpu_ticks "$pid")"
	j="$("$xgw" --netns "${prefix}client" aoe bench eth0 "${targets[$1]}" --op "$2" --pattern "$3" \
		--seconds "$seconds" --json)"
	after="$(cpu_ticks "$pid")"
	jq -r --arg t "$((after - before))" --arg hz "$(getconf CLK_TCK)" \
		'"\(.iops) \(.mb_per_s) \(($t | tonumber) * 1e6 / ($hz | tonumber) / .ios) \(.cpu_us_per_io)"' <<<"$j"
}

main() {
	[ "$(id -u)" -eq 0 ] || { echo "aoe.sh: run as root" >&2; exit 4; }
	[ -x "$xgw" ] || { echo "aoe.sh: no xgw at $xgw (build first)" >&2; exit 1; }
	command -v vblade >/dev/null || { echo "aoe.sh: vblade missing (scripts/install-deps.sh)" >&2; exit 1; }
	trap cleanup EXIT
	bash "$root/scripts/lab.sh" --prefix "$prefix" up >/dev/null
	"$xgw" --netns "${prefix}router" attach c0 --mode "$mode" >/dev/null
	start_targets
	report_modes
	echo "4 KiB blocks, $seconds s per run, $rounds rounds, buffer count $buffers, images of $image_mib MiB on $(df --output=fstype "$work" | tail -n 1)"
	local w r t order
	for w in "${workloads[@]}"; do
		for r in $(seq "$rounds"); do
			# Odd rounds forwards, even rounds backwards: a load that rises or falls through the
			# run (other sessions' builds) favours no target.
			order="0 1 2"
			[ $((r % 2)) -eq 1 ] || order="2 1 0"
			for t in $order; do
				# shellcheck disable=SC2086 # w is "OP PATTERN"
				echo "$w $r $t $(run "$t" $w)" >>"$work/results"
			done
		done
	done
	printf '\n%-11s %-22s %8s %7s %9s %13s %12s %16s %8s\n' workload target IOPS MB/s "x vblade" "(per round)" "target us/IO" "initiator us/IO" "x CPU"
	for w in "${workloads[@]}"; do
		for t in 0 1 2; do
			awk -v w="$w" -v t="$t" -v name="${names[$t]}" '
				$1 " " $2 == w { n[$4]++; iops[$4] += $5; mb[$4] += $6; cpu[$4] += $7; ini[$4] += $8; round[$3, $4] = $5 }
				END {
					lo = hi = ""
					for (r = 1; r <= n[t]; r++) {
						x = round[r, t] / round[r, 0]
						if (lo == "" || x < lo) lo = x
						if (hi == "" || x > hi) hi = x
					}
					printf "%-11s %-22s %8.0f %7.1f %8.2fx %13s %12.1f %16.1f %7.2fx\n", w, name, iops[t] / n[t], mb[t] / n[t],
						iops[t] / iops[0], sprintf("%.2f-%.2f", lo, hi), cpu[t] / n[t], ini[t] / n[t],
						(cpu[0] + ini[0]) / (cpu[t] + ini[t])
				}' "$work/results"
		done
	done
	echo
	echo "x vblade: mean IOPS against vblade's in the same run (goal: xgw AF_XDP >= 2x), and the lowest and highest"
	echo "ratio of one round to vblade's run in the same round; us/IO: CPU time (user +"
	echo "system, with the softirq work that ran in the process's context) per 4 KiB I/O; x CPU: vblade's"
	echo "target + initiator CPU per I/O against this target's (what the ratio tends to when the CPUs are the limit)"
}

main "$@"
