#!/usr/bin/env bash
# What xgw itself changes loses no AoE frame (issue 27): under read loops against xgw's
# AF_PACKET target and a vblade on the router's c0, the interface is detached and attached again
# (the clsact qdisc stays: adding or removing one drops what the interface sends meanwhile) and
# vblade's steering changes action and allow-list. Every read's sha256 matches its image and no
# request is sent again: with --timeout 5000, a retransmission means a lost frame.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/aoe_lib.sh"

# read_loop ADDRESS: reads the first 8 MiB of ADDRESS until $netns_work/stop exists.
read_loop() {
	bg_in client bash -c '
		while [ ! -e "$1/stop" ]; do
			"$XGW" aoe read eth0 "$2" --count 16384 --file "$1/back-$2" --timeout 5000 --retries 2 ||
				echo "read failed"
			echo "sha $(sha256sum <"$1/back-$2")"
		done' read_loop "$netns_work" "$1" >"$netns_work/loop-$1.log" 2>&1
}

# check_loop ADDRESS IMAGE: the loop's reads all returned IMAGE's first 8 MiB, none sent again.
check_loop() {
	local log="$netns_work/loop-$1.log" want reads
	want="sha $(head -c 8M "$2" | sha256sum)"
	reads="$(grep -c "^read 16384 sectors" "$log" || true)"
	[ "$reads" -ge 2 ] || fail "the read loop of $1 completed $reads reads: $(tail -3 "$log")"
	assert_eq "" "$(grep -v "^read 16384 sectors\|^sha " "$log" || true)" "errors of the read loop of $1"
	assert_eq "" "$(grep "^sha " "$log" | grep -vxF "$want" || true)" "sha256 of $1's reads"
	assert_eq 0 "$(awk '/^read 16384 sectors/ { n += $(NF - 3) } END { print n + 0 }' "$log")" \
		"requests to $1 sent again during detach, attach and steering changes ($(grep "^read" "$log" | tr '\n' ';'))"
	log "$1: $reads reads of 8 MiB, none sent again"
}

steer_vblade() {
	run xgw_in router aoe steer 3.1 c0 "$@"
	[ "$rc" -eq 0 ] || fail "aoe steer 3.1 c0 $* exited $rc: $out"
}

main() {
	lab_setup
	require_tools vblade sha256sum
	local i loops=()
	head -c 16M /dev/urandom >"$netns_work/xgw.img"
	head -c 16M /dev/urandom >"$netns_work/vblade.img"
	attach_router c0 --mode generic
	bg_in router "$XGW" aoe export 1 2 c0 "$netns_work/xgw.img" --transport packet
	bg_in router vblade -b 16 3 1 c0 "$netns_work/vblade.img"
	aoe_wait_for 1.2
	aoe_wait_for 3.1
	steer_vblade --to stack -m "$client_mac"

	read_loop 1.2
	loops+=("${netns_bg_pids[-1]}")
	read_loop 3.1
	loops+=("${netns_bg_pids[-1]}")
	for i in $(seq 10); do
		run xgw_in router detach c0
		[ "$rc" -eq 0 ] || fail "detach exited $rc: $out"
		run xgw_in router attach c0 --mode generic
		[ "$rc" -eq 0 ] || fail "attach exited $rc: $out"
		steer_vblade --to cpu 0 -m "$client_mac,02:00:00:00:99:99"
		steer_vblade --to stack
		steer_vblade --to stack -m "$client_mac"
	done
	touch "$netns_work/stop"
	for i in "${loops[@]}"; do
		wait "$i" || fail "a read loop exited $?"
	done
	check_loop 1.2 "$netns_work/xgw.img"
	check_loop 3.1 "$netns_work/vblade.img"
	pass
}

main "$@"
