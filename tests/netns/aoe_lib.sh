# Sourced by the AoE lab tests after lib.sh: the checks every AoE target must pass, whoever
# wrote it. The initiator is xgw's own (the kernel has no aoe driver) in the client namespace;
# targets serve on the router's c0, whose MAC is router_c0_mac.

aoe_ini() { xgw_in client aoe "$@"; }

aoe_show_json() { xgw_in router aoe show --json; }

# aoe_counter ADDRESS COUNTER [IFACE]: a data-path counter of the target on the router's IFACE (c0).
aoe_counter() {
	aoe_show_json | jq -er --arg a "$1" --arg c "$2" --arg i "${3:-c0}" \
		'.targets[] | select(.address == $a and .interface == $i) | .counters[$c]' ||
		fail "no counter $2 for target $1"
}

# aoe_check_transport ADDRESS IFACE ACTION TRANSPORT: how steering and the target say frames reach it.
aoe_check_transport() {
	local t
	t="$(aoe_show_json | jq -c --arg a "$1" --arg i "$2" '.targets[] | select(.address == $a and .interface == $i)')"
	assert_eq "$3" "$(jq -r .action <<<"$t")" "steering action of $1 on $2"
	assert_eq "$4" "$(jq -r .export.transport <<<"$t")" "transport of $1 on $2"
}

aoe_discover_json() { aoe_ini discover eth0 --wait "${1:-300}" --json; }

# aoe_wait_for ADDRESS: until discovery on the client finds the target.
aoe_wait_for() {
	local deadline=$(($(date +%s) + 10))
	until aoe_discover_json 200 | jq -e --arg a "$1" '.targets[] | select(.address == $a)' >/dev/null; do
		[ "$(date +%s)" -lt "$deadline" ] || fail "timed out waiting for AoE target $1 to answer discovery"
	done
}

# aoe_field ADDRESS FIELD: a field of the target's discovery entry ("" when not found).
aoe_field() {
	aoe_discover_json | jq -r --arg a "$1" --arg f "$2" '.targets[] | select(.address == $a) | .[$f]'
}

# aoe_check_discovery ADDRESS SECTORS: the target is found with its size and the router's MAC.
aoe_check_discovery() {
	local address="$1" sectors="$2" j
	j="$(aoe_discover_json)"
	assert_eq "$sectors" "$(jq -r --arg a "$address" '.targets[] | select(.address == $a) | .sectors' <<<"$j")" "discovered size of $address"
	assert_eq "$router_c0_mac" "$(jq -r --arg a "$address" '.targets[] | select(.address == $a) | .mac' <<<"$j")" "MAC of $address"
	j="$(aoe_ini identify eth0 "$address" --json)"
	assert_eq "$sectors" "$(jq -r .sectors <<<"$j")" "IDENTIFY sectors of $address"
	assert_eq true "$(jq -r .lba48 <<<"$j")" "IDENTIFY LBA48 of $address"
}

# aoe_check_roundtrip ADDRESS IMAGE LBA KIB [initiator options...]: random data written through
# AoE reads back with the same sha256, and lands in the image file at the right offset.
aoe_check_roundtrip() {
	local address="$1" image="$2" lba="$3" kib="$4"
	shift 4
	local data="$netns_work/rand-$address-$lba" back="$netns_work/back-$address-$lba"
	head -c "$((kib * 1024))" /dev/urandom >"$data"
	run aoe_ini write eth0 "$address" --lba "$lba" --file "$data" --flush "$@"
	[ "$rc" -eq 0 ] || fail "write to $address exited $rc: $out"
	run aoe_ini read eth0 "$address" --lba "$lba" --count "$((kib * 2))" --file "$back" "$@"
	[ "$rc" -eq 0 ] || fail "read from $address exited $rc: $out"
	assert_eq "$(sha256sum <"$data")" "$(sha256sum <"$back")" "sha256 of data read back from $address ($*)"
	assert_eq "$(sha256sum <"$data")" \
		"$(dd if="$image" bs=512 skip="$lba" count="$((kib * 2))" status=none | sha256sum)" \
		"sha256 of the image at LBA $lba"
}

# aoe_set_mtu MTU: both ends of the client-router link.
aoe_set_mtu() {
	rexec client ip link set dev eth0 mtu "$1"
	rexec router ip link set dev c0 mtu "$1"
}

# aoe_check_jumbo ADDRESS IMAGE [xsk]: at MTU 9000 a frame carries 17 sectors, and data still
# round-trips; with xsk, the writes too large for an AF_XDP frame pass to AF_PACKET, counted.
aoe_check_jumbo() {
	local oversize=0
	[ "${3:-}" != xsk ] || oversize="$(aoe_counter "$1" oversize)"
	aoe_set_mtu 9000
	sleep 1.2 # xgw's target looks at the MTU once a second; vblade at every query
	assert_eq 17 "$(aoe_field "$1" sectors_per_frame)" "sectors per frame at MTU 9000"
	aoe_check_roundtrip "$1" "$2" 4096 2048
	aoe_set_mtu 1500
	if [ "${3:-}" = xsk ]; then
		# 2 MiB in writes of 17 sectors: 241 frames of 8740 bytes or less, all above 3840
		[ "$(aoe_counter "$1" oversize)" -ge "$((oversize + 241))" ] || fail "jumbo writes to $1 not counted as oversize"
	fi
}

# aoe_check_refused ADDRESS: the client (not in the target's allow-list) neither discovers nor reads it.
aoe_check_refused() {
	assert_eq "" "$(aoe_field "$1" address)" "target $1 seen by an initiator outside its allow-list"
	run aoe_ini read eth0 "$1" --count 1 --retries 1 --timeout 100
	assert_eq 3 "$rc" "exit code of a read from target $1, which refuses us"
}

# aoe_malformed_answers ADDRESS: sends the client's malformed requests to ADDRESS at the router's
# c0 (version 2, command 9, a write of 2 sectors carrying 1) and prints "KIND ERROR" for each
# answer that comes back with the AoE error flag; a request left unanswered prints "KIND none".
aoe_malformed_answers() {
	local py
	py="$(scapy_python)"
	rexec client "$py" - "$router_c0_mac" "$client_mac" "$1" <<-'PY'
		import struct, sys, threading, time
		from scapy.all import AsyncSniffer, Raw, conf, sendp
		conf.verb = 0
		dst, src, address = sys.argv[1:4]
		shelf, slot = (int(x) for x in address.split("."))
		eth = bytes.fromhex(dst.replace(":", "") + src.replace(":", "") + "88a2")
		def req(ver_flags, command, tag, args):
		    return eth + bytes([ver_flags, 0]) + struct.pack(">HBBI", shelf, slot, command, tag) + args
		kinds = {0x0a000001: "bad-version", 0x0a000002: "bad-command", 0x0a000003: "write-short"}
		frames = [req(0x20, 1, 0x0a000001, bytes(8)), req(0x10, 9, 0x0a000002, bytes(8)),
		          req(0x10, 0, 0x0a000003, bytes([1, 0, 2, 0x34]) + bytes(8) + bytes(512))]
		got, ready = {}, threading.Event()
		def seen(p):
		    b = bytes(p)
		    if len(b) >= 24 and b[12:14] == b"\x88\xa2" and b[14] & 0x08:
		        tag = struct.unpack(">I", b[20:24])[0]
		        if tag in kinds and b[14] & 0x04:
		            got[tag] = b[15]
		sniffer = AsyncSniffer(iface="eth0", prn=seen, store=False, filter="ether proto 0x88a2",
		                       started_callback=ready.set)
		sniffer.start()
		ready.wait(10)
		for f in frames:
		    sendp(Raw(f), iface="eth0")
		deadline = time.time() + 5  # a bound on a failure, not a speed requirement
		while len(got) < len(kinds) and time.time() < deadline:
		    time.sleep(0.05)
		sniffer.stop()
		for tag, kind in kinds.items():
		    print(kind, got.get(tag, "none"))
	PY
}

# aoe_check_malformed_answered ADDRESS: each malformed request gets its AoE error, as from vblade:
# 5 (unsupported version), 1 (unrecognized command), 2 (bad argument).
aoe_check_malformed_answered() {
	assert_eq "bad-version 5
bad-command 1
write-short 2" "$(aoe_malformed_answers "$1")" "AoE errors answered by $1 to malformed requests"
}
