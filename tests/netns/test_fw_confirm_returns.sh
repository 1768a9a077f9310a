#!/usr/bin/env bash
# `xgw fw load --confirm-timeout` returns at once even when its output is captured (a pipe, an
# SSH session): the watchdog it leaves behind must not hold the caller's stdout or stderr.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=fw_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/fw_lib.sh"

main() {
	lab_setup
	attach_router c0 s0
	local f
	f="$(rules_file a.rules <<<"100 allow ip from any to any")"
	local log="$netns_work/load.out" holders
	xgw_in router fw load --confirm-timeout 60 "$f" >"$log" 2>&1 || fail "fw load: $(cat "$log")"
	# The command has exited; nothing may hold its output open now (a $(...) would wait for it).
	holders="$({ find /proc/[0-9]*/fd -lname "$log" 2>/dev/null || true; } | cut -d/ -f3 | sort -u | tr '\n' ' ')"
	[ -z "$holders" ] || fail "after fw load --confirm-timeout exited, pid $holders still hold its output"
	xgw_in router fw confirm >/dev/null
	pass
}

main "$@"
