#!/usr/bin/env bash
# The lab is quiet and deterministic: after `up` no interface sends a packet
# (no ARP, ND, DAD, router solicitation or MLD), every neighbour is permanent,
# and the router forwards client <-> server and client <-> upstream2.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly lab_ends=(client:eth0 router:c0 router:s0 router:u0 server:eth0 upstream2:eth0)

tx_packets_all() {
	local end
	for end in "${lab_ends[@]}"; do
		echo "$end=$(link_stat "${end%%:*}" "${end#*:}" tx packets)"
	done
}

main() {
	lab_setup --no-xgw
	require_tools tcpdump ping

	local end ns iface
	for end in "${lab_ends[@]}"; do
		ns="${end%%:*}" iface="${end#*:}"
		bg_in "$ns" tcpdump --immediate-mode -n -i "$iface" -w "$netns_work/$ns-$iface.pcap" 2>"$netns_work/$ns-$iface.err"
	done
	for end in "${lab_ends[@]}"; do
		wait_until 5 "tcpdump on $end" grep -q listening "$netns_work/${end%%:*}-${end#*:}.err"
	done

	# MLD retransmissions come within a second of link-up: watch longer than that.
	local before
	before="$(tx_packets_all)"
	sleep 2
	assert_eq "$before" "$(tx_packets_all)" "tx counters over 2s of silence"
	for end in "${lab_ends[@]}"; do
		assert_eq "${end}=0" "$(grep "^$end=" <<<"$before")" "packets sent since up"
	done
	stop_bg
	for end in "${lab_ends[@]}"; do
		assert_eq "" "$(tcpdump -nr "$netns_work/${end%%:*}-${end#*:}.pcap" 2>/dev/null)" "tcpdump on $end"
	done

	local stale
	for ns in client router server upstream2; do
		stale="$(rexec "$ns" ip -j neigh show | jq -r '.[] | select((.state // []) | index("PERMANENT") | not) | .dst')"
		assert_eq "" "$stale" "non-permanent neighbours in $ns"
	done

	rexec client ping -c 1 -W 2 "$server4" >/dev/null || fail "client cannot ping server (IPv4)"
	rexec client ping -6 -c 1 -W 2 "$server6" >/dev/null || fail "client cannot ping server (IPv6)"
	rexec client ping -c 1 -W 2 203.0.113.2 >/dev/null || fail "client cannot ping upstream2 (IPv4)"
	rexec client ping -6 -c 1 -W 2 2001:db8:3::2 >/dev/null || fail "client cannot ping upstream2 (IPv6)"
	pass
}

main "$@"
