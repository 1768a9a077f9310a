#!/usr/bin/env bash
# `xgw detach` removes exactly what attach made: no XDP program, no tc filter
# of ours, no pins for the interface; the namespace's whole pin directory goes
# with its last interface; `detach --all` does the same in one step.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

assert_clean() {
	local iface="$1"
	assert_eq null "$(rexec router ip -j link show dev "$iface" | jq -c '.[0].xdp')" "XDP on $iface after detach"
	assert_eq "" "$(rexec router tc filter show dev "$iface" egress 2>/dev/null)" "tc egress filters on $iface after detach"
	assert_eq "" "$(rexec router tc filter show dev "$iface" ingress 2>/dev/null)" "tc ingress filters on $iface after detach"
}

assert_attached() {
	local iface="$1"
	[ "$(rexec router ip -j link show dev "$iface" | jq -r '.[0].xdp.prog.id')" != null ] ||
		fail "$iface lost its XDP program when another interface was detached"
}

main() {
	lab_setup
	attach_router c0 s0
	local root
	root="$(xgw_in router status --json | jq -r .pin_root)"

	run xgw_in router detach c0
	[ "$rc" -eq 0 ] || fail "detach c0 exited $rc: $out"
	assert_clean c0
	assert_attached s0
	[ ! -e "$root/links/c0" ] || fail "pins of c0 remain: $(ls -R "$root/links/c0")"
	[ -d "$root/links/s0" ] || fail "pins of s0 went with c0's"
	assert_eq s0 "$(xgw_in router status --json | jq -r '[.interfaces[].name] | join(" ")')" "status after detach c0"

	run xgw_in router detach s0
	[ "$rc" -eq 0 ] || fail "detach s0 exited $rc: $out"
	assert_clean s0
	[ ! -e "$root" ] || fail "pin root remains after the last detach: $(ls -R "$root")"

	attach_router c0 s0
	root="$(xgw_in router status --json | jq -r .pin_root)"
	run xgw_in router detach --all
	[ "$rc" -eq 0 ] || fail "detach --all exited $rc: $out"
	assert_clean c0
	assert_clean s0
	[ ! -e "$root" ] || fail "pin root remains after detach --all: $(ls -R "$root")"

	rexec client ping -c 1 -W 2 -q "$server4" >/dev/null || fail "traffic stopped after detach"
	pass
}

main "$@"
