#!/usr/bin/env bash
# What `xgw attach` sets up outlives the CLI: a later `xgw status` lists the
# interfaces, the kernel (ip link, bpftool net) shows the same programs, the
# pins are in the host's bpffs, and traffic sent afterwards is counted.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

check_interface() {
	local status="$1" iface="$2" root="$3" xdp_id tc_id
	xdp_id="$(jq -er --arg i "$iface" '.interfaces[] | select(.name == $i) | .xdp_prog_id' <<<"$status")" ||
		fail "status does not list $iface: $status"
	tc_id="$(jq -er --arg i "$iface" '.interfaces[] | select(.name == $i) | .tc_prog_id' <<<"$status")"
	assert_eq "$xdp_id" "$(rexec router ip -j link show dev "$iface" | jq -r '.[0].xdp.prog.id')" \
		"XDP program on $iface (ip link) vs status"
	assert_eq "$tc_id" "$(rexec router bpftool net -j |
		jq -r --arg i "$iface" '.[0].tc[] | select(.devname == $i and .kind == "clsact/egress") | .id')" \
		"tc egress program on $iface (bpftool net) vs status"
	[ -d "$root/links/$iface" ] || fail "no pins for $iface under $root/links"
}

main() {
	lab_setup
	attach_router c0 s0

	local status cookie root
	status="$(xgw_in router status --json)"
	cookie="$(jq -er .netns_cookie <<<"$status")" || fail "status has no netns_cookie: $status"
	root="$(jq -r .pin_root <<<"$status")"
	assert_eq "/sys/fs/bpf/xgw/ns-$cookie" "$root" "pin root"
	[ -d "$root/maps" ] || fail "no maps pinned under $root"
	assert_eq "c0 s0" "$(jq -r '[.interfaces[].name] | sort | join(" ")' <<<"$status")" "attached interfaces"
	check_interface "$status" c0 "$root"
	check_interface "$status" s0 "$root"

	run xgw_in router status
	[ "$rc" -eq 0 ] || fail "xgw status exited $rc: $out"
	assert_contains "$out" c0 "xgw status"
	assert_contains "$out" s0 "xgw status"

	ping_counted 3 "after the CLI exited"
	pass
}

main "$@"
