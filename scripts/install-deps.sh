#!/usr/bin/env bash
# Installs every Debian package that xgw's build, tests, demo and benchmarks use.
# Idempotent: a second run installs nothing new.
set -euo pipefail

packages=(
	# build
	build-essential cmake pkg-config clang llvm libbpf-dev bpftool libxdp-dev
	libelf-dev zlib1g-dev linux-libc-dev
	libnl-3-dev libnl-route-3-dev libcli11-dev libgtest-dev libgmock-dev
	nlohmann-json3-dev libfmt-dev
	# lab, tests and benchmarks
	iproute2 iputils-ping netcat-openbsd socat tcpdump python3 python3-scapy jq
	nftables iptables netsniff-ng iperf3 util-linux procps ethtool
	# xdp-filter and xdp-bench: the XDP peers of the firewall and footprint benchmarks
	xdp-tools
	# serial and chat: real chat(8) for the differential suite, setserial to compare
	ppp setserial
	# AoE: vblade is the interoperability oracle and the benchmark peer
	vblade
	# accounting: metrics server, xgw top, and the Prometheus-format checkers and tmux of its tests
	libcpp-httplib-dev libncurses-dev prometheus python3-prometheus-client tmux curl
	# PPP: MD5 for CHAP (libcrypto)
	libssl-dev
	# DNS: ldns for the wire format; nsd (upstream) and dig in the lab; dnsperf and
	# dnsmasq (dnsmasq-base: the binary without a system service) for the benchmark
	libldns-dev nsd dnsutils dnsperf dnsmasq-base
	# xgwd and xgw apply: the box configuration /etc/xgw/xgw.conf is TOML (toml++);
	# xgwd writes the NOTIFY_SOCKET datagram itself, so no libsystemd
	libtomlplusplus-dev
	# packaging: dpkg-shlibdeps and dpkg-deb for CPack's .deb, man to check the man pages
	dpkg-dev man-db
)

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps.sh: run as root (it calls apt-get)" >&2
	exit 1
fi

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	echo "install-deps.sh: all ${#packages[@]} packages present"
	exit 0
fi
echo "install-deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
