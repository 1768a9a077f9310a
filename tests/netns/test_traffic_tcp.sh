#!/usr/bin/env bash
# A TCP transfer with nc (IPv4 and IPv6) from client to server passes through
# xgw on the router unchanged, and xgw counts exactly the frames that the
# client and server put on and took off the wire.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly port=5000

# transfer FAMILY DEST: sends a file, checks it arrived whole, checks counters.
transfer() {
	local family="$1" dest="$2" sent="$netns_work/sent" got="$netns_work/got-$1"
	head -c 262144 /dev/urandom >"$sent"
	traffic_begin
	bg_in server nc "-$family" -d -l "$port" >"$got"
	local server_pid="$!"
	wait_until 5 "nc listening on $port" listening server tcp "$port"
	rexec client nc "-$family" -N -w 5 "$dest" "$port" <"$sent" || fail "IPv$family nc client failed"
	wait "$server_pid" || fail "IPv$family nc server failed"
	# The server socket lives until the client's last ACK reaches it.
	wait_until 5 "the server's connection to close" bash -c \
		"! nsenter --net=/run/netns/${P}server ss -Htan 'sport = :$port' | grep -q ."
	traffic_end
	cmp -s "$sent" "$got" || fail "IPv$family: the server received $(stat -c %s "$got") bytes, not the file sent"
	log "IPv$family: $(stat -c %s "$got") bytes over TCP, $(delta "$traffic_before" "$traffic_after" c0 ingress.verdicts.pass.packets) frames in on c0, counters exact"
}

main() {
	lab_setup
	require_tools nc tcpdump cmp
	attach_router c0 s0
	transfer 4 "$server4"
	transfer 6 "$server6"
	pass
}

main "$@"
