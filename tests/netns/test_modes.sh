#!/usr/bin/env bash
# Both XDP modes work on veth: `--mode native` and `--mode generic` attach in
# the mode asked (status and the kernel agree) and IPv4 and IPv6 traffic passes
# with exact counters; `--mode auto` (the default) takes generic on veth, and says why
# (native XDP on a veth loses the frames it sends unless the peer is tuned). A kernel that
# refuses XDP metadata refuses native on a veth (exit 5) instead.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# The kernel's names for the modes in `ip -j link` (.xdp.mode).
kernel_mode() {
	case "$1" in
	native) echo 1 ;;
	generic) echo 2 ;;
	esac
}

check_mode() {
	local mode="$1" iface
	if [ "$mode" = native ]; then
		run xgw_in router attach c0 s0 --mode native
		if [ "$rc" -eq 5 ]; then
			assert_contains "$out" "which this kernel refuses" "native refused without XDP metadata"
			log "native: refused on a veth, this kernel has no XDP metadata"
			return
		fi
		run xgw_in router detach --all
	fi
	attach_router c0 s0 --mode "$mode"
	for iface in c0 s0; do
		assert_eq "$mode" "$(xgw_in router status --json | jq -r --arg i "$iface" '.interfaces[] | select(.name == $i) | .mode')" \
			"mode of $iface in status"
		assert_eq "$(kernel_mode "$mode")" "$(rexec router ip -j link show dev "$iface" | jq -r '.[0].xdp.mode')" \
			"kernel's XDP mode on $iface"
	done
	traffic_begin
	rexec client ping -4 -c 5 -i 0.01 -W 2 -q "$server4" >/dev/null || fail "$mode: IPv4 ping failed"
	rexec client ping -6 -c 5 -i 0.01 -W 2 -q "$server6" >/dev/null || fail "$mode: IPv6 ping failed"
	traffic_end
	assert_eq 10 "$(delta "$traffic_before" "$traffic_after" c0 ingress.verdicts.pass.packets)" "$mode: pings counted on c0"
	run xgw_in router detach --all --purge
	[ "$rc" -eq 0 ] || fail "detach --all exited $rc: $out"
	log "$mode: attached, traffic passed, counters exact"
}

main() {
	lab_setup
	require_tools ping tcpdump
	check_mode native
	check_mode generic

	attach_router c0
	assert_contains "$out" "auto on a veth" "attach's word on the mode"
	assert_eq generic "$(xgw_in router status --json | jq -r '.interfaces[0].mode')" "mode chosen by auto on veth"
	pass
}

main "$@"
