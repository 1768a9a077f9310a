#!/usr/bin/env bash
# `xgw gc` releases the state of a namespace deleted without `xgw detach`, and of an
# interface deleted while attached; the kernel then frees the orphan's maps. State of a
# namespace that lives (the router's, and other tests' running at the same time) stays, and
# its traffic is still counted. `--dry-run` changes nothing.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

gone="${P}gcgone"
gone_root=""

# Runs before teardown, passing on the test's exit status (errexit off, so that the failing
# status does not end the trap early).
gc_cleanup() {
	local rc=$?
	set +e
	ip netns del "$gone" 2>/dev/null
	[ -z "$gone_root" ] || rm -rf "$gone_root"
	return "$rc"
}

# A namespace $gone with xgw attached on a veth inside it; sets cookie and gone_root.
make_attached_netns() {
	ip netns add "$gone"
	nsenter --net="/run/netns/$gone" ip link add g0 type veth peer name g1
	nsenter --net="/run/netns/$gone" ip link set g0 up
	nsenter --net="/run/netns/$gone" ip link set g1 up
	run "$XGW" --netns "$gone" attach g0 --mode generic
	[ "$rc" -eq 0 ] || fail "attach in $gone exited $rc: $out"
	local status
	status="$("$XGW" --netns "$gone" status --json)"
	cookie="$(jq -r .netns_cookie <<<"$status")"
	gone_root="$(jq -r .pin_root <<<"$status")"
}

xgwd_released() {
	[ "$(xgw_in router status --json | jq '.xgwd.counters.orphans_released // 0')" -ge 1 ]
}

# xgwd releases orphans when it starts (after that it cannot enter other namespaces).
xgwd_releases_orphans() {
	make_attached_netns
	local -a maps
	mapfile -t maps < <(ns_entry "$cookie" | jq -r '.map_ids[]')
	ip netns del "$gone"
	bg_in router "$XGWD" -i c0 -i s0 -m generic 2>"$netns_work/xgwd.err"
	wait_until 60 "xgwd to release $gone_root" test ! -e "$gone_root"
	wait_until 20 "the kernel to free $gone's maps" maps_gone "${maps[@]}"
	wait_until 10 "xgwd's orphans_released" xgwd_released
	stop_bg
}

# The --all-namespaces entry of COOKIE, or null.
ns_entry() {
	"$XGW" status --all-namespaces --json | jq -c --argjson c "$1" '[.namespaces[] | select(.netns_cookie == $c)] | .[0]'
}

ns_state_is() { [ "$(ns_entry "$1" | jq -r .state)" = "$2" ]; }

# A process in this namespace that holds a socket made in namespace NAME, and no other
# reference to it.
hold_by_socket() {
	"$netns_python" - "$1" "$netns_work/holder.ready" <<-'PY' &
		import ctypes, os, socket, sys, time
		libc = ctypes.CDLL(None, use_errno=True)
		home = os.open("/proc/self/ns/net", os.O_RDONLY)
		there = os.open("/run/netns/" + sys.argv[1], os.O_RDONLY)
		assert libc.setns(there, 0x40000000) == 0
		s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
		assert libc.setns(home, 0x40000000) == 0
		os.close(there)
		os.close(home)
		open(sys.argv[2], "w").close()
		time.sleep(600)
	PY
	netns_bg_pids+=("$!")
	wait_until 10 "the socket holder" test -e "$netns_work/holder.ready"
}

map_exists() { bpftool map show id "$1" >/dev/null 2>&1; }

# True once none of the map ids exists any more.
maps_gone() {
	local id
	for id in "$@"; do
		! map_exists "$id" || return 1
	done
}

# The released namespaces' cookies in a gc --json report.
released_cookies() { jq -r '[.namespaces[].netns_cookie] | map(tostring) | join(" ")' <<<"$1"; }

main() {
	lab_setup
	require_tools bpftool
	[ -x "$XGWD" ] || fail "xgwd not found at '$XGWD'"
	trap 'gc_cleanup; teardown' EXIT
	attach_router c0 s0

	local cookie router_cookie
	make_attached_netns
	router_cookie="$(xgw_in router status --json | jq -r .netns_cookie)"

	local entry
	entry="$(ns_entry "$cookie")"
	assert_eq "live $gone" "$(jq -r '"\(.state) \(.netns)"' <<<"$entry")" "$gone before deletion"
	assert_eq "live ${P}router" "$(ns_entry "$router_cookie" | jq -r '"\(.state) \(.netns)"')" "router"
	local -a gone_maps router_maps
	mapfile -t gone_maps < <(jq -r '.map_ids[]' <<<"$entry")
	mapfile -t router_maps < <(ns_entry "$router_cookie" | jq -r '.map_ids[]')
	[ "${#gone_maps[@]}" -gt 0 ] || fail "no maps listed for $gone: $entry"
	local bytes
	bytes="$(jq -r .bytes <<<"$entry")"
	[ "$bytes" -gt 0 ] || fail "$gone locks no memory: $entry"
	log "$gone (cookie $cookie) locks $bytes bytes in ${#gone_maps[@]} maps"

	# Kept alive only by a socket made in it, held by a process elsewhere: gc sees no reference,
	# but its interface and XDP link are still there, so it is in doubt and left.
	hold_by_socket "$gone"
	ip netns del "$gone"
	local holder="${netns_bg_pids[-1]}"
	wait_until 10 "$gone listed as unknown" ns_state_is "$cookie" unknown
	run "$XGW" gc --json
	[ "$rc" -eq 0 ] || fail "gc exited $rc: $out"
	[[ " $(released_cookies "$out") " != *" $cookie "* ]] || fail "gc released $gone, alive through a socket: $out"
	assert_contains "$(jq -c .unreadable <<<"$out")" "ns-$cookie: the XDP link of g0 is still attached" "gc's doubts"
	[ -d "$gone_root" ] || fail "gc removed $gone_root of a namespace alive through a socket"

	# Its interfaces vanish with it; its pins stay, with every map.
	kill "$holder"
	wait_until 20 "$gone listed as orphaned" ns_state_is "$cookie" orphaned
	[ -d "$gone_root" ] || fail "$gone_root went away before gc"

	run "$XGW" gc --dry-run --json
	[ "$rc" -eq 0 ] || fail "gc --dry-run exited $rc: $out"
	assert_contains " $(released_cookies "$out") " " $cookie " "gc --dry-run's namespaces"
	[[ " $(released_cookies "$out") " != *" $router_cookie "* ]] || fail "gc --dry-run would release the live router: $out"
	[ -d "$gone_root" ] || fail "gc --dry-run removed $gone_root"
	map_exists "${gone_maps[0]}" || fail "gc --dry-run freed map ${gone_maps[0]}"

	run "$XGW" gc --json
	[ "$rc" -eq 0 ] || fail "gc exited $rc: $out"
	assert_contains " $(released_cookies "$out") " " $cookie " "gc's released namespaces"
	# Not the figure measured before: maps that allocate as entries come may have grown since.
	local freed
	freed="$(jq --argjson c "$cookie" '.namespaces[] | select(.netns_cookie == $c) | .bytes' <<<"$out")"
	[ "$freed" -gt 0 ] || fail "gc reports no memory for $gone: $out"
	log "gc released $freed bytes of $gone"
	[ ! -e "$gone_root" ] || fail "gc left $gone_root: $(ls -R "$gone_root")"
	wait_until 20 "the kernel to free $gone's ${#gone_maps[@]} maps" maps_gone "${gone_maps[@]}"
	assert_eq null "$(ns_entry "$cookie")" "$gone in status --all-namespaces after gc"

	# The live router is untouched: its pins, maps, programs, and counting.
	local id
	for id in "${router_maps[@]}"; do
		map_exists "$id" || fail "gc freed map $id of the live router"
	done
	assert_eq "live" "$(ns_entry "$router_cookie" | jq -r .state)" "router after gc"
	assert_eq "c0 s0" "$(xgw_in router status --json | jq -r '[.interfaces[] | select(.xdp_prog_id > 0) | .name] | join(" ")')" "router's attached interfaces after gc"
	local before after
	before="$(stat_of "$(stats_json)" c0 ingress.verdicts.pass.packets)"
	rexec client ping -c 3 -i 0.2 -W 2 -q "$server4" >/dev/null || fail "ping through the router after gc"
	after="$(stat_of "$(stats_json)" c0 ingress.verdicts.pass.packets)"
	[ "$after" -ge $((before + 3)) ] || fail "router counted $((after - before)) of 3 pings after gc"

	# An interface deleted while attached: its record and pins go, the others' stay.
	rexec router ip link add v0 type veth peer name v1
	rexec router ip link set v0 up
	run xgw_in router attach v0 --mode generic
	[ "$rc" -eq 0 ] || fail "attach v0 exited $rc: $out"
	local root
	root="$(xgw_in router status --json | jq -r .pin_root)"
	rexec router ip link del v0
	run xgw_in router gc --dry-run --json
	assert_eq "v0" "$(jq -r '[.interfaces[].name] | join(" ")' <<<"$out")" "gc --dry-run's vanished interfaces"
	[ -d "$root/links/v0" ] || fail "gc --dry-run removed v0's pins"
	run xgw_in router gc --json
	[ "$rc" -eq 0 ] || fail "gc in router exited $rc: $out"
	assert_eq "v0" "$(jq -r '[.interfaces[].name] | join(" ")' <<<"$out")" "gc's vanished interfaces"
	[ ! -e "$root/links/v0" ] || fail "gc left v0's pins"
	assert_eq "c0 s0" "$(xgw_in router status --json | jq -r '[.interfaces[].name] | join(" ")')" "router's interfaces after v0's gc"

	run "$XGW" gc
	[ "$rc" -eq 0 ] || fail "gc with nothing of ours to release exited $rc: $out"

	xgwd_releases_orphans
	pass
}

main "$@"
