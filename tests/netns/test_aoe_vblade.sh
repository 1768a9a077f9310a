#!/usr/bin/env bash
# xgw's AoE initiator against Debian's vblade, a target nobody here wrote: discovery, IDENTIFY,
# random data written and read back (48- and 28-bit commands) with equal sha256, jumbo frames,
# and vblade's -m allow-list refusing an initiator it does not name.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/aoe_lib.sh"

main() {
	lab_setup
	require_tools vblade sha256sum dd
	local image="$netns_work/disk.img"
	truncate -s 32M "$image"

	bg_in router vblade -b 16 1 2 c0 "$image"
	aoe_wait_for 1.2
	aoe_check_discovery 1.2 65536
	aoe_check_roundtrip 1.2 "$image" 77 4096
	aoe_check_roundtrip 1.2 "$image" 9000 64 --lba28
	aoe_check_jumbo 1.2 "$image"

	bg_in router vblade -m 02:00:00:00:99:99 3 4 c0 "$image"
	sleep 0.5
	aoe_check_refused 3.4
	pass
}

main "$@"
