#!/usr/bin/env bash
# Cached DNS queries per second: xgw dns serve against dnsmasq, both caching forwarders of the
# same nsd upstream, in the same lab, one run. Each server runs alone, pinned to CPU 1; dnsperf
# runs in the client namespace pinned to CPU 0. The cache is warmed first, so every measured
# query is a hit. Printed per server: qps, mean latency, CPU seconds the server used, queries
# per CPU second, and the ratios xgw/dnsmasq.
# Usage: scripts/bench/dns.sh [--quick]   (--quick: 5 s runs, one round)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../../tests/netns/lib.sh
source "$here/../../tests/netns/lib.sh"

seconds=10 rounds=2
if [ "${1:-}" = --quick ]; then
	seconds=5 rounds=1
fi
# shellcheck disable=SC2119 # no options: xgw runs in the lab
lab_setup
require_tools nsd nsd-control dnsperf dnsmasq taskset

zone=bench.example
names=1000
dir="$netns_work/nsd"
mkdir -p "$dir"
{
	# shellcheck disable=SC2016 # $ORIGIN and $TTL are the zone file's, not the shell's
	printf '$ORIGIN %s.\n$TTL 3600\n@ IN SOA ns admin 1 3600 600 86400 3600\n@ IN NS ns\nns IN A 198.51.100.2\n' "$zone"
	for i in $(seq 1 "$names"); do printf 'h%d IN A 10.1.%d.%d\n' "$i" $((i / 250)) $((i % 250 + 1)); done
} >"$dir/$zone.zone"
for i in $(seq 1 "$names"); do echo "h$i.$zone A"; done >"$netns_work/queries"
cat >"$dir/nsd.conf" <<CONF
server:
  ip-address: 198.51.100.2
  zonesdir: $dir
  database: ""
  pidfile: $dir/nsd.pid
  xfrdfile: $dir/xfrd.state
  zonelistfile: $dir/zone.list
  username: ""
  logfile: $dir/nsd.log
  server-count: 1
remote-control:
  control-enable: yes
  control-interface: $dir/nsd.ctl
zone:
  name: $zone
  zonefile: $zone.zone
CONF
bg_in server nsd -d -c "$dir/nsd.conf"
wait_until 10 nsd nsd-control -c "$dir/nsd.conf" status

# cpu_ticks PID: user + system clock ticks the process (all its threads) has used.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# perf NAME PORT: warms the cache, then one dnsperf run; prints "qps latency_ms cpu_s".
perf() {
	local port="$2" pid="$3" t0 t1 out
	rexec client dnsperf -s 192.0.2.1 -p "$port" -d "$netns_work/queries" -n 1 >/dev/null
	t0="$(cpu_ticks "$pid")"
	out="$(rexec client taskset -c 0 dnsperf -s 192.0.2.1 -p "$port" -d "$netns_work/queries" \
		-l "$seconds" -c 4 -q 200 2>&1)"
	t1="$(cpu_ticks "$pid")"
	grep -q "Queries lost: *0 " <<<"$out" || log "$1: $(grep "Queries lost" <<<"$out")" >&2
	awk -v cpu="$((t1 - t0))" -v hz="$(getconf CLK_TCK)" '
		/Queries per second:/ { qps = $4 }
		/Average Latency/ { lat = $4 * 1000 }
		END { printf "%.0f %.3f %.2f\n", qps, lat, cpu / hz }' <<<"$out"
}

start_xgw() {
	bg_in router taskset -c 1 "$XGW" dns serve --listen 192.0.2.1 --upstream 198.51.100.2 \
		--threads 1 --cache-size 10000 --hosts '' --control "$netns_work/xgw.sock"
	wait_until 10 "xgw dns serve" test -S "$netns_work/xgw.sock"
	server_pid="${netns_bg_pids[-1]}"
}

start_dnsmasq() {
	bg_in router taskset -c 1 dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv \
		--no-hosts --server=198.51.100.2 --listen-address=192.0.2.1 --bind-interfaces \
		--port=5353 --cache-size=10000 --user=root --group=root --pid-file=
	wait_until 10 dnsmasq listening router udp 5353
	server_pid="${netns_bg_pids[-1]}"
}

declare -A best_qps best_lat best_cpu
for round in $(seq 1 "$rounds"); do
	for server in xgw dnsmasq; do
		"start_$server"
		port=53
		[ "$server" = dnsmasq ] && port=5353
		read -r qps lat cpu < <(perf "$server" "$port" "$server_pid")
		log "round $round $server: $qps qps, $lat ms, $cpu CPU s"
		if [ "${qps%.*}" -gt "${best_qps[$server]:-0}" ]; then
			best_qps[$server]="$qps" best_lat[$server]="$lat" best_cpu[$server]="$cpu"
		fi
		kill "$server_pid"
		wait "$server_pid" 2>/dev/null || true
	done
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b ? a / b : 0 }'; }
echo "== cached queries, $names names, dnsperf -c 4 -q 200, $seconds s, best of $rounds, servers on one CPU"
printf '%-8s %10s %12s %8s %14s\n' server qps latency_ms cpu_s qps_per_cpu_s
for server in xgw dnsmasq; do
	per_cpu="$(awk -v q="${best_qps[$server]}" -v c="${best_cpu[$server]}" -v s="$seconds" \
		'BEGIN { printf "%.0f", (c > 0 ? q * s / c : 0) }')"
	eval "per_cpu_$server=$per_cpu"
	printf '%-8s %10s %12s %8s %14s\n' "$server" "${best_qps[$server]}" "${best_lat[$server]}" \
		"${best_cpu[$server]}" "$per_cpu"
done
# shellcheck disable=SC2154 # set by eval above
echo "xgw/dnsmasq: qps x$(ratio "${best_qps[xgw]}" "${best_qps[dnsmasq]}"), queries per CPU second x$(ratio "$per_cpu_xgw" "$per_cpu_dnsmasq")"
