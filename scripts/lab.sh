#!/usr/bin/env bash
# The namespace lab: client <-> router <-> server, plus a second router uplink
# (upstream2), joined by veth pairs with fixed MACs, static neighbours and no
# background traffic, so tests can count packets exactly.
#
#   lab.sh [--prefix P] up|down|status
#   lab.sh [--prefix P] exec NS cmd...      NS is client, router, server or upstream2
#
# Namespaces are named ${P}NS (default prefix xgw-). Nothing outside them is touched.
set -euo pipefail

lab_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly lab_root
readonly lab_namespaces=(client router server upstream2)

# One veth pair per line: nsA ifA macA v4A v6A nsB ifB macB v4B v6B prefix-lengths v4/v6.
readonly lab_links=(
	"client eth0 02:00:00:00:01:02 192.0.2.2 2001:db8:1::2 router c0 02:00:00:00:01:01 192.0.2.1 2001:db8:1::1"
	"router s0 02:00:00:00:02:01 198.51.100.1 2001:db8:2::1 server eth0 02:00:00:00:02:02 198.51.100.2 2001:db8:2::2"
	"router u0 02:00:00:00:03:01 203.0.113.1 2001:db8:3::1 upstream2 eth0 02:00:00:00:03:02 203.0.113.2 2001:db8:3::2"
)

# Hosts route everything through the router end of their link.
readonly lab_gateways=(
	"client 192.0.2.1 2001:db8:1::1"
	"server 198.51.100.1 2001:db8:2::1"
	"upstream2 203.0.113.1 2001:db8:3::1"
)

prefix="xgw-"

usage() {
	echo "usage: lab.sh [--prefix P] up|down|status" >&2
	echo "       lab.sh [--prefix P] exec client|router|server|upstream2 cmd..." >&2
	exit 2
}

ns_name() { echo "${prefix}$1"; }
ns_path() { echo "/run/netns/${prefix}$1"; }
ns_exists() { [ -e "$(ns_path "$1")" ]; }

# nsenter enters only the network namespace: `ip netns exec` would also give
# the command a private /sys, hiding the host's /sys/fs/bpf (MACHINE.md).
in_ns() {
	local ns="$1"
	shift
	nsenter --net="$(ns_path "$ns")" -- "$@"
}

# Sysctls that keep a namespace silent; set before any link exists so each new
# interface inherits them from `default`.
quiet_sysctls() {
	local ns="$1" scope
	for scope in all default; do
		in_ns "$ns" sysctl -qw \
			"net.ipv6.conf.$scope.accept_dad=0" \
			"net.ipv6.conf.$scope.dad_transmits=0" \
			"net.ipv6.conf.$scope.accept_ra=0" \
			"net.ipv6.conf.$scope.autoconf=0" \
			"net.ipv6.conf.$scope.router_solicitations=0" \
			"net.ipv6.conf.$scope.addr_gen_mode=1" \
			"net.ipv6.conf.$scope.ndisc_notify=0" \
			"net.ipv4.conf.$scope.arp_notify=0" \
			"net.ipv4.conf.$scope.rp_filter=0" \
			"net.ipv4.conf.$scope.send_redirects=0"
	done
}

# The kernel sends MLD reports for the solicited-node groups of every address
# (and ff02::2 on a router) whatever the sysctls say; drop them on their way out.
quiet_nft() {
	in_ns "$1" nft -f - <<-'EOF'
		table inet xgw_lab_quiet {
			chain output {
				type filter hook output priority filter; policy accept;
				icmpv6 type { mld-listener-report, mld-listener-done, mld2-listener-report, nd-router-solicit } drop
			}
		}
	EOF
}

make_namespace() {
	local ns="$1"
	ip netns add "$(ns_name "$ns")"
	quiet_sysctls "$ns"
	if [ "$ns" = router ]; then
		in_ns router sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 \
			net.ipv6.conf.default.forwarding=1
	fi
	quiet_nft "$ns"
	in_ns "$ns" ip link set lo up
}

# Creates the pair inside namespace A with the peer straight in B, so no
# interface ever appears in the host's namespace.
make_link() {
	local ns_a if_a mac_a v4_a v6_a ns_b if_b mac_b v4_b v6_b
	read -r ns_a if_a mac_a v4_a v6_a ns_b if_b mac_b v4_b v6_b <<<"$1"
	in_ns "$ns_a" ip link add "$if_a" address "$mac_a" type veth \
		peer name "$if_b" address "$mac_b" netns "$(ns_name "$ns_b")"
	in_ns "$ns_a" ip addr add "$v4_a/24" dev "$if_a"
	in_ns "$ns_a" ip addr add "$v6_a/64" dev "$if_a" nodad
	in_ns "$ns_b" ip addr add "$v4_b/24" dev "$if_b"
	in_ns "$ns_b" ip addr add "$v6_b/64" dev "$if_b" nodad
	in_ns "$ns_a" ip link set "$if_a" up
	in_ns "$ns_b" ip link set "$if_b" up
	in_ns "$ns_a" ip neigh replace "$v4_b" lladdr "$mac_b" dev "$if_a" nud permanent
	in_ns "$ns_a" ip neigh replace "$v6_b" lladdr "$mac_b" dev "$if_a" nud permanent
	in_ns "$ns_b" ip neigh replace "$v4_a" lladdr "$mac_a" dev "$if_b" nud permanent
	in_ns "$ns_b" ip neigh replace "$v6_a" lladdr "$mac_a" dev "$if_b" nud permanent
}

add_default_routes() {
	local line ns v4 v6
	for line in "${lab_gateways[@]}"; do
		read -r ns v4 v6 <<<"$line"
		in_ns "$ns" ip route add default via "$v4"
		in_ns "$ns" ip -6 route add default via "$v6"
	done
}

# Up means every namespace exists and holds its end of every link.
lab_is_up() {
	local line ns_a if_a ns_b if_b _
	for line in "${lab_links[@]}"; do
		read -r ns_a if_a _ _ _ ns_b if_b _ _ _ <<<"$line"
		ns_exists "$ns_a" && ns_exists "$ns_b" || return 1
		in_ns "$ns_a" ip link show dev "$if_a" >/dev/null 2>&1 || return 1
		in_ns "$ns_b" ip link show dev "$if_b" >/dev/null 2>&1 || return 1
	done
}

lab_up() {
	if lab_is_up; then
		echo "lab: ${prefix}* is already up"
		return 0
	fi
	lab_down >/dev/null
	local ns line
	for ns in "${lab_namespaces[@]}"; do
		make_namespace "$ns"
	done
	for line in "${lab_links[@]}"; do
		make_link "$line"
	done
	add_default_routes
	echo "lab: ${prefix}{$(IFS=,; echo "${lab_namespaces[*]}")} up"
}

xgw_binary() {
	if [ -n "${XGW:-}" ] && [ -x "$XGW" ]; then
		echo "$XGW"
	elif [ -x "$lab_root/build/xgw" ]; then
		echo "$lab_root/build/xgw"
	fi
}

# Pins outlive a namespace (they are named by its cookie), so detach xgw while
# the namespace still exists.
detach_xgw() {
	local ns="$1" xgw
	xgw="$(xgw_binary)"
	[ -n "$xgw" ] || return 0
	"$xgw" --netns "$(ns_name "$ns")" detach --all --purge >/dev/null 2>&1 || true
}

# Processes left in a namespace (a test's nc, tcpdump) would keep it alive
# after its name is gone.
kill_ns_processes() {
	local pids
	pids="$(ip netns pids "$(ns_name "$1")" 2>/dev/null || true)"
	[ -z "$pids" ] && return 0
	# shellcheck disable=SC2086 # one pid per word
	kill $pids 2>/dev/null || true
}

lab_down() {
	local ns removed=0
	for ns in "${lab_namespaces[@]}"; do
		ns_exists "$ns" || continue
		detach_xgw "$ns"
		kill_ns_processes "$ns"
		ip netns del "$(ns_name "$ns")"
		removed=1
	done
	if [ "$removed" = 1 ]; then
		echo "lab: ${prefix}* down"
	else
		echo "lab: ${prefix}* was not up"
	fi
}

lab_status() {
	local ns
	for ns in "${lab_namespaces[@]}"; do
		if ! ns_exists "$ns"; then
			echo "$(ns_name "$ns"): absent"
			continue
		fi
		echo "$(ns_name "$ns"):"
		in_ns "$ns" ip -br addr show | grep -v '^lo ' | sed 's/^/  /'
		in_ns "$ns" ip -j link show | jq -r '.[] | select(.xdp) |
			"  \(.ifname): xdp \(.xdp.mode // "") prog id \(.xdp.prog.id // "?")"'
	done
}

lab_exec() {
	[ $# -ge 2 ] || usage
	local ns="$1"
	shift
	ns_exists "$ns" || {
		echo "lab: namespace $(ns_name "$ns") does not exist (run lab.sh up)" >&2
		exit 1
	}
	in_ns "$ns" "$@"
}

main() {
	local args=()
	while [ $# -gt 0 ]; do
		case "$1" in
		--prefix)
			[ $# -ge 2 ] || usage
			prefix="$2"
			shift 2
			;;
		--prefix=*)
			prefix="${1#--prefix=}"
			shift
			;;
		exec)
			# Everything after exec's NS belongs to the command, options included.
			args+=("$@")
			break
			;;
		*)
			args+=("$1")
			shift
			;;
		esac
	done
	[ ${#args[@]} -ge 1 ] || usage
	if [ "$(id -u)" -ne 0 ]; then
		echo "lab: must run as root (network namespaces)" >&2
		exit 4
	fi
	case "${args[0]}" in
	up) lab_up ;;
	down) lab_down ;;
	status) lab_status ;;
	exec)
		args=("${args[@]:1}")
		if [ "${args[0]:-}" = --prefix ] && [ ${#args[@]} -ge 2 ]; then
			prefix="${args[1]}"
			args=("${args[@]:2}")
		fi
		lab_exec "${args[@]}"
		;;
	*) usage ;;
	esac
}

main "$@"
