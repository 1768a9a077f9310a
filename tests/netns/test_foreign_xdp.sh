#!/usr/bin/env bash
# An XDP program that xgw did not attach is left alone: attach refuses with
# exit code 6 and a message naming the interface and the program's id, pins
# nothing for it, and `--force` replaces it with xgw's.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly exit_conflict=6

# A pass-everything XDP program built now, so no object file is checked in.
build_foreign() {
	cat >"$netns_work/foreign.bpf.c" <<-'C'
		__attribute__((section("xdp"), used)) int foreign_pass(void *ctx)
		{
			return 2; /* XDP_PASS */
		}
		char _license[] __attribute__((section("license"), used)) = "GPL";
	C
	clang -target bpf -O2 -g -c "$netns_work/foreign.bpf.c" -o "$netns_work/foreign.o" ||
		fail "cannot build the foreign XDP program"
}

xdp_id() { rexec router ip -j link show dev "$1" | jq -r '.[0].xdp.prog.id'; }

main() {
	lab_setup
	require_tools clang
	build_foreign
	rexec router ip link set dev c0 xdpgeneric obj "$netns_work/foreign.o" sec xdp
	local foreign
	foreign="$(xdp_id c0)"
	[ "$foreign" != null ] || fail "the foreign program did not attach"

	run xgw_in router attach c0
	assert_eq "$exit_conflict" "$rc" "exit code of attach over a foreign program (output: $out)"
	assert_contains "$out" "c0" "refusal message"
	assert_contains "$out" "did not attach (id $foreign)" "refusal message"
	assert_contains "$out" "--force" "refusal message"
	assert_eq "$foreign" "$(xdp_id c0)" "XDP program on c0 after the refusal"
	assert_eq "" "$(rexec router tc filter show dev c0 egress 2>/dev/null)" "tc filters on c0 after the refusal"
	# A refused first attach leaves no state at all: status says "not attached" (exit 3).
	run xgw_in router status --json
	assert_eq 3 "$rc" "status after the refusal exits 'not attached'"

	attach_router c0 --force
	local ours
	ours="$(xgw_in router status --json | jq -r '.interfaces[] | select(.name == "c0") | .xdp_prog_id')"
	assert_eq "$ours" "$(xdp_id c0)" "XDP program on c0 after --force"
	[ "$ours" != "$foreign" ] || fail "--force left the foreign program (id $foreign) in place"

	ping_counted 2 "after --force"
	pass
}

main "$@"
