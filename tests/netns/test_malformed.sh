#!/usr/bin/env bash
# Malformed packets crafted with scapy and sent from the client are dropped by
# xgw's XDP program on the router's c0 and counted under the right reason;
# after `xgw config malformed pass` the same packets pass, still counted by reason.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Each case names the drop reason it must hit.
readonly cases=(
	ip4-truncated ip4-bad-ihl ip4-bad-total-length ip4-options-truncated
	tcp-truncated tcp-bad-data-offset udp-truncated icmp-truncated
	ip6-truncated ip6-bad-payload-length
)

# send_case NAME: sends the case's frame from the client; prints its length.
send_case() {
	rexec client "$py" - "$1" "$client_mac" "$router_c0_mac" "$client4" "$server4" "$client6" "$server6" <<-'PY'
		import sys
		from scapy.all import Ether, IP, IPv6, TCP, UDP, Raw, conf, sendp
		name, smac, dmac, c4, s4, c6, s6 = sys.argv[1:]
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
		    "ip6-truncated": lambda: Ether(type=0x86DD) / Raw(bytes(ip6())[:20]),
		    "ip6-bad-payload-length": lambda: Ether() / ip6(nh=17, plen=200) / UDP(sport=1, dport=2),
		}
		frame = frames[name]()
		frame.src, frame.dst = smac, dmac
		data = bytes(frame)
		sendp(Raw(data), iface="eth0")
		print(len(data))
	PY
}

# One packet's effect on c0 ingress: the verdict grows by one packet of the
# frame's length and the reason by one, nothing else moves.
check_case() {
	local name="$1" verdict="$2" other="$3" before after len
	before="$(stats_json)"
	len="$(send_case "$name")"
	wait_until 5 "the $name frame to be counted" \
		bash -c "[ \"\$(\"$XGW\" --netns ${P}router stats c0 --json | jq '.interfaces[0].ingress.verdicts.$verdict.packets')\" -gt $(stat_of "$before" c0 "ingress.verdicts.$verdict.packets") ]"
	after="$(stats_json)"
	assert_eq 1 "$(delta "$before" "$after" c0 "ingress.verdicts.$verdict.packets")" "$name: $verdict packets"
	assert_eq "$len" "$(delta "$before" "$after" c0 "ingress.verdicts.$verdict.bytes")" "$name: $verdict bytes"
	assert_eq 0 "$(delta "$before" "$after" c0 "ingress.verdicts.$other.packets")" "$name: $other packets"
	assert_eq 1 "$(delta "$before" "$after" c0 "ingress.reasons.$name")" "$name: reason counter"
	local total_before total_after
	total_before="$(jq '[.interfaces[] | select(.name == "c0") | .ingress.reasons[]] | add // 0' <<<"$before")"
	total_after="$(jq '[.interfaces[] | select(.name == "c0") | .ingress.reasons[]] | add // 0' <<<"$after")"
	assert_eq 1 $((total_after - total_before)) "$name: reasons counted in all"
}

main() {
	lab_setup
	py="$(scapy_python)"
	attach_router c0 s0
	local name
	for name in "${cases[@]}"; do
		check_case "$name" drop pass
	done
	log "drop: ${#cases[@]} malformed frames dropped, each under its reason"

	run xgw_in router config malformed pass
	[ "$rc" -eq 0 ] || fail "config malformed pass exited $rc: $out"
	for name in "${cases[@]}"; do
		check_case "$name" pass drop
	done
	log "pass: the same ${#cases[@]} frames passed, still counted by reason"
	pass
}

main "$@"
