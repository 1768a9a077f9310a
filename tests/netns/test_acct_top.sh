#!/usr/bin/env bash
# `xgw top` in a terminal (tmux) shows the attached interfaces with nonzero
# rates while traffic flows, and the accounted client among the top talkers;
# q quits with exit code 0.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# A tmux server of the test's own, so ending it touches no other session.
readonly tmux_socket="xgwtop$$"
tmux_() { tmux -L "$tmux_socket" "$@"; }

main() {
	lab_setup
	require_tools tmux ping
	attach_router c0 s0
	xgw_in router acct add net 192.0.2.0/24
	bg_in client ping -q -i 0.05 "$server4"
	trap 'tmux_ kill-server 2>/dev/null; teardown' EXIT
	tmux_ new-session -d -s top -x 120 -y 40 \
		"'$XGW' --netns '${P}router' top; echo \$? >'$netns_work/rc'; sleep 30" </dev/null >/dev/null 2>&1
	sleep 3.5
	local screen
	screen="$(tmux_ capture-pane -p -t top)"
	echo "$screen" | sed 's/^/  | /'
	# A row: the name, then packet and bit rates; ping at 20/s makes both nonzero.
	grep -Eq '^  c0 +[1-9][0-9.]* +[1-9][0-9.]* [kM]?b/s' <<<"$screen" || fail "no nonzero rate for c0 on screen"
	grep -Eq '^  s0 ' <<<"$screen" || fail "s0 missing on screen"
	grep -Eq "^  $client4 +[1-9]" <<<"$screen" || fail "the client is not among the top talkers"
	tmux_ send-keys -t top q
	wait_until 5 "xgw top to quit" test -s "$netns_work/rc"
	assert_eq 0 "$(cat "$netns_work/rc")" "xgw top exit code"
	pass
}

main "$@"
