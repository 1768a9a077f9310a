#!/usr/bin/env bash
# `xgw stats --prometheus` and `xgw stats serve` speak the Prometheus text
# format: promtool accepts it, the prometheus_client parser reads back the
# values that `xgw stats` and `xgw acct show` report, and serve stops cleanly.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly port=9417

# check_parse FILE: parses with prometheus_client and prints "NAME{labels} VALUE" for a few series.
parse_values() {
	"$1" - "$2" <<-'PY'
		import sys
		from prometheus_client.parser import text_string_to_metric_families
		want = {
		    ("xgw_interface_packets_total", (("direction", "in"), ("interface", "c0"), ("verdict", "pass"))),
		    ("xgw_acct_host_packets_total", (("address", "192.0.2.2"), ("direction", "in"), ("role", "src"))),
		    ("xgw_acct_icmp_packets_total", (("direction", "out"), ("family", "ipv4"), ("type", "echo-reply"))),
		}
		families = list(text_string_to_metric_families(open(sys.argv[1]).read()))
		assert families, "no metric families"
		for f in families:
		    # sizes, fill and memory are gauges; everything else counts
		    gauges = ("xgw_table_size", "xgw_table_entries", "xgw_map_memory_bytes", "xgw_map_capacity")
		    want_type = "gauge" if f.name in gauges else "counter"
		    assert f.type == want_type, f.name
		    for s in f.samples:
		        key = (s.name, tuple(sorted(s.labels.items())))
		        if key in want:
		            print(s.name, dict(key[1]).get("interface", dict(key[1]).get("address", dict(key[1]).get("type"))), int(s.value))
	PY
}

main() {
	lab_setup
	require_tools ping promtool curl
	local py
	py="$(command -v /usr/bin/python3)"
	"$py" -c 'import prometheus_client' || fail "python3-prometheus-client is missing"
	attach_router c0 s0
	xgw_in router acct add net 192.0.2.0/24
	xgw_in router acct add icmp-types
	rexec client ping -q -c 4 -i 0.2 "$server4" >/dev/null

	xgw_in router stats --prometheus >"$netns_work/metrics.txt"
	promtool check metrics <"$netns_work/metrics.txt" || fail "promtool rejects xgw stats --prometheus"
	local values c0_in
	values="$(parse_values "$py" "$netns_work/metrics.txt" | sort)"
	c0_in="$(stat_of "$(stats_json)" c0 ingress.verdicts.pass.packets)"
	assert_eq "xgw_acct_host_packets_total 192.0.2.2 4
xgw_acct_icmp_packets_total echo-reply 4
xgw_interface_packets_total c0 $c0_in" "$values" "values parsed back"

	bg_in router "$XGW" stats serve --listen "127.0.0.1:$port"
	local server="${netns_bg_pids[-1]}"
	wait_until 10 "the metrics server" rexec router curl -fsS "http://127.0.0.1:$port/metrics" -o /dev/null
	rexec router curl -fsS "http://127.0.0.1:$port/metrics" -o "$netns_work/served.txt"
	promtool check metrics <"$netns_work/served.txt" || fail "promtool rejects the served metrics"
	assert_eq "$values" "$(parse_values "$py" "$netns_work/served.txt" | sort)" "served values"
	kill -TERM "$server"
	wait "$server" || fail "xgw stats serve exited $? on SIGTERM"
	netns_bg_pids=()
	pass
}

main "$@"
