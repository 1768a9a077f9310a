#!/usr/bin/env bash
# Malformed packets crafted with scapy and sent from the client are dropped by
# xgw's XDP program on the router's c0 and counted under the right reason;
# after `xgw config malformed pass` the same packets pass, still counted by reason.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Each case names the drop reason it must hit.
readonly cases=(
	ip4-truncated ip4-bad-ihl ip4-bad-total-length ip4-options-truncated
	tcp-truncated tcp-bad-data-offset udp-truncated icmp-truncated sctp-truncated
	ip6-truncated ip6-bad-payload-length
)

# send_cases NAME...: sends each case's frame from the client, in order;
# prints "NAME LENGTH" for each.
send_cases() {
	rexec client "$py" - "$client_mac" "$router_c0_mac" "$client4" "$server4" "$client6" "$server6" "$@" <<-'PY'
		import sys
		from scapy.all import Ether, IP, IPv6, TCP, UDP, Raw, conf, sendp
		smac, dmac, c4, s4, c6, s6 = sys.argv[1:7]
		conf.verb = 0
		ip4 = lambda **kw: IP(src=c4, dst=s4, **kw)
		ip6 = lambda **kw: IPv6(src=c6, dst=s6, **kw)
		def bad_ihl():
		    raw = bytearray(bytes(ip4(proto=17) / UDP(sport=1, dport=2) / Raw(b"x" * 8)))
		    raw[0] = 0x44  # IHL 4: shorter than the fixed header
		    return Ether(type=0x0800) / Raw(bytes(raw))
		frames = {
		    "ip4-truncated": lambda: Ether(type=0x0800) / Raw(bytes(ip4())[:10]),
		    "ip4-bad-ihl": bad_ihl,
		    "ip4-bad-total-length": lambda: Ether() / ip4(proto=17, len=12) / UDP(sport=1, dport=2),
		    "ip4-options-truncated": lambda: Ether(type=0x0800) / Raw(bytes(ip4(ihl=15, proto=17, len=60))[:20] + b"\x01" * 8),
		    "tcp-truncated": lambda: Ether() / ip4(proto=6) / Raw(b"\x00" * 10),
		    "tcp-bad-data-offset": lambda: Ether() / ip4() / TCP(sport=1, dport=2, dataofs=3),
		    "udp-truncated": lambda: Ether() / ip4(proto=17) / Raw(b"\x00" * 4),
		    "icmp-truncated": lambda: Ether() / ip4(proto=1) / Raw(b"\x08"),
		    "sctp-truncated": lambda: Ether() / ip4(proto=132) / Raw(b"\x13\x88\x13\x89\x00\x00"),
		    "ip6-truncated": lambda: Ether(type=0x86DD) / Raw(bytes(ip6())[:20]),
		    "ip6-bad-payload-length": lambda: Ether() / ip6(nh=17, plen=200) / UDP(sport=1, dport=2),
		}
		for name in sys.argv[7:]:
		    frame = frames[name]()
		    frame.src, frame.dst = smac, dmac
		    data = bytes(frame)
		    sendp(Raw(data), iface="eth0")
		    print(name, len(data))
	PY
}

# The frames' effect on c0 ingress: VERDICT grows by one packet of each
# frame's length, each case's reason by one, the OTHER verdict not at all.
check_cases() {
	local verdict="$1" other="$2" before after sent bytes
	before="$(stats_json)"
	sent="$(send_cases "${cases[@]}")"
	bytes="$(awk '{ n += $2 } END { print n }' <<<"$sent")"
	wait_until 5 "${#cases[@]} frames to be counted" counted_at_least "$verdict" \
		$(($(stat_of "$before" c0 "ingress.verdicts.$verdict.packets") + ${#cases[@]}))
	after="$(stats_json)"
	assert_eq "${#cases[@]}" "$(delta "$before" "$after" c0 "ingress.verdicts.$verdict.packets")" "$verdict packets"
	assert_eq "$bytes" "$(delta "$before" "$after" c0 "ingress.verdicts.$verdict.bytes")" "$verdict bytes"
	assert_eq 0 "$(delta "$before" "$after" c0 "ingress.verdicts.$other.packets")" "$other packets"
	local expected actual
	expected="$(printf '%s\n' "${cases[@]}" | jq -cnRS '[inputs | {key: ., value: 1}] | from_entries')"
	actual="$(jq -cnS --argjson b "$before" --argjson a "$after" '
		def r($s): [$s.interfaces[] | select(.name == "c0")][0].ingress.reasons // {};
		r($a) as $ra | r($b) as $rb |
		[$ra | keys[] | {key: ., value: ($ra[.] - ($rb[.] // 0))} | select(.value != 0)] | from_entries')"
	assert_eq "$expected" "$actual" "reasons counted, in $verdict mode (sent: $(paste -sd' ' <<<"$sent"))"
}

# counted_at_least VERDICT N: c0 ingress has counted N packets under VERDICT.
counted_at_least() {
	[ "$(stat_of "$(stats_json)" c0 "ingress.verdicts.$1.packets")" -ge "$2" ]
}

main() {
	lab_setup
	py="$(scapy_python)"
	attach_router c0 s0
	check_cases drop pass
	log "drop: ${#cases[@]} malformed frames dropped, each under its reason"

	run xgw_in router config malformed pass
	[ "$rc" -eq 0 ] || fail "config malformed pass exited $rc: $out"
	check_cases pass drop
	log "pass: the same ${#cases[@]} frames passed, still counted by reason"
	pass
}

main "$@"
