#!/usr/bin/env bash
# `cmake --install` into a DESTDIR puts every part where a distribution expects it; the
# installed xgw runs and attaches in a test namespace with the build and source trees hidden
# (so libxgw and the BPF programs come from the install, not the build); programs of others
# build against the installed libxgw through pkg-config and through find_package(xgw); CPack
# builds a .deb whose file list holds all of it.
#
# ctest provides XGW_BUILD_DIR and XGW_SOURCE_DIR.
source "$(dirname "${BASH_SOURCE[0]}")/../netns/lib.sh"

build="${XGW_BUILD_DIR:?}"
src="${XGW_SOURCE_DIR:?}"
ns="${P}inst"
work=""

cleanup() {
	local rc=$?
	trap - EXIT
	if ip netns list | grep -qw "$ns"; then
		"$XGW" --netns "$ns" detach --all --purge >/dev/null 2>&1 || true
		ip netns del "$ns"
	fi
	[ -z "$work" ] || rm -rf "$work"
	exit "$rc"
}

# Every file a package of xgw must hold, relative to the root it was installed in.
expected_files() {
	local libdir="$1"
	cat <<-EOF
		usr/sbin/xgw
		usr/sbin/xgwd
		$libdir/libxgw.so
		$libdir/libxgw.so.0
		$libdir/libxgw.so.0.1.0
		$libdir/pkgconfig/xgw.pc
		$libdir/cmake/xgw/xgwConfig.cmake
		$libdir/cmake/xgw/xgwConfigVersion.cmake
		$libdir/cmake/xgw/xgwTargets.cmake
		$libdir/xgw/bpf/xgw_xdp.bpf.o
		$libdir/xgw/bpf/xgw_tc.bpf.o
		usr/include/xgw/Datapath.h
		usr/include/xgw/daemon/Daemon.h
		usr/include/xgw/abi/fw.h
		usr/share/man/man8/xgw.8
		usr/share/man/man8/xgwd.8
		usr/share/man/man5/xgw-rules.5
		usr/share/man/man5/xgw.conf.5
		usr/share/bash-completion/completions/xgw
		usr/share/bash-completion/completions/xgwd
		usr/lib/systemd/system/xgwd.service
	EOF
}

installed_tree() {
	DESTDIR="$root" cmake --install "$build" --prefix /usr >"$work/install.log" ||
		fail "cmake --install: $(tail -5 "$work/install.log")"
	local f
	while read -r f; do
		[ -e "$root/$f" ] || fail "not installed: /$f"
	done < <(expected_files "$libdir")
	grep -q 'LINUX BPF\|Linux BPF' <(readelf -h "$root/$libdir/xgw/bpf/xgw_xdp.bpf.o") ||
		fail "the installed xgw_xdp.bpf.o is not a BPF object"
	man -l "$root/usr/share/man/man8/xgwd.8" 2>/dev/null | grep -q "xgwd - the xgw daemon" ||
		fail "xgwd(8) does not render"
	grep -q '^Type=notify' "$root/usr/lib/systemd/system/xgwd.service" || fail "xgwd.service is not Type=notify"
	grep -q '^ExecStart=/usr/sbin/xgwd' "$root/usr/lib/systemd/system/xgwd.service" || fail "xgwd.service's ExecStart"
	# shellcheck disable=SC2016 # expanded by the inner bash
	assert_eq "load log" "$(bash -c 'source "$1"; PATH="$2:$PATH"; COMP_WORDS=(xgw fw lo); COMP_CWORD=2; _xgw; echo "${COMPREPLY[*]}"' \
		_ "$root/usr/share/bash-completion/completions/xgw" "$root/usr/sbin")" "bash completion of 'xgw fw lo'"
	local loaded
	loaded="$(ldd "$root/usr/sbin/xgw" | awk '$1 == "libxgw.so.0" {print $3}')"
	assert_eq "$(realpath "$root/$libdir/libxgw.so.0")" "$(realpath "$loaded")" "the libxgw the installed xgw loads"
	log "installed into DESTDIR: $(find "$root" -type f | wc -l) files, every expected one present"
}

# The installed binaries in a mount namespace where the build and source trees are empty.
installed_runs() {
	ip netns add "$ns"
	ip -n "$ns" link add v0 type veth peer name v1
	ip -n "$ns" link set v0 up
	ip -n "$ns" link set v1 up
	unshare --mount --propagation private bash -euo pipefail -c '
		mount -t tmpfs none "$1"
		mount -t tmpfs none "$2"
		"$3/usr/sbin/xgw" --version
		"$3/usr/sbin/xgwd" --version
		"$3/usr/sbin/xgw" --netns "$4" attach v0 --mode generic
		"$3/usr/sbin/xgw" --netns "$4" status --json >"$5"
		"$3/usr/sbin/xgw" --netns "$4" detach --all --purge
	' _ "$build" "$src" "$root" "$ns" "$work/status.json" >"$work/run.log" 2>&1 ||
		fail "the installed xgw in $ns: $(cat "$work/run.log")"
	assert_contains "$(cat "$work/run.log")" "xgw 0.1.0" "installed xgw --version"
	assert_contains "$(cat "$work/run.log")" "xgwd 0.1.0" "installed xgwd --version"
	jq -e '.interfaces[] | select(.name == "v0" and .xdp_prog_id > 0 and .tc_prog_id > 0)' "$work/status.json" >/dev/null ||
		fail "v0 not attached by the installed xgw: $(cat "$work/status.json")"
	log "installed xgw and xgwd run with the build and source trees hidden; xgw attach v0 in $ns worked"
}

# A program of someone else's, built against the installed libxgw both ways.
consumers_build() {
	mkdir -p "$work/consumer"
	cat >"$work/consumer/main.cpp" <<-'EOF'
		#include <xgw/bpf/PinPaths.h>
		#include <xgw/abi/fw.h>
		int main() { return xgw::PinPaths::for_current_netns() && sizeof(xgw_fw_log_event) ? 0 : 1; }
	EOF
	local flags
	flags="$(PKG_CONFIG_PATH="$root/$libdir/pkgconfig" pkg-config --cflags --libs xgw)" ||
		fail "pkg-config xgw"
	# shellcheck disable=SC2086 # flags are words
	c++ "$work/consumer/main.cpp" $flags -o "$work/consumer/by-pc" || fail "build with pkg-config xgw ($flags)"
	LD_LIBRARY_PATH="$root/$libdir" "$work/consumer/by-pc" || fail "the pkg-config consumer"
	cat >"$work/consumer/CMakeLists.txt" <<-'EOF'
		cmake_minimum_required(VERSION 3.20)
		project(consumer CXX)
		set(CMAKE_CXX_STANDARD 20)
		find_package(xgw 0.1 REQUIRED)
		add_executable(by-cmake main.cpp)
		target_link_libraries(by-cmake PRIVATE xgw::xgw)
	EOF
	cmake -S "$work/consumer" -B "$work/consumer/b" -DCMAKE_PREFIX_PATH="$root/usr" >"$work/cmake.log" 2>&1 ||
		fail "find_package(xgw): $(tail -20 "$work/cmake.log")"
	cmake --build "$work/consumer/b" >>"$work/cmake.log" 2>&1 || fail "build with xgw::xgw: $(tail -20 "$work/cmake.log")"
	LD_LIBRARY_PATH="$root/$libdir" "$work/consumer/b/by-cmake" || fail "the find_package consumer"
	log "a consumer builds and runs against the installed libxgw through pkg-config and find_package(xgw)"
}

deb_package() {
	(cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/pkg") >"$work/cpack.log" 2>&1 ||
		fail "cpack: $(tail -20 "$work/cpack.log")"
	local deb
	deb="$(ls "$work"/pkg/*.deb)"
	dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./||' >"$work/deb.txt"
	local f
	while read -r f; do
		grep -qx "$f" "$work/deb.txt" || fail "the .deb lacks /$f"
	done < <(expected_files "$libdir")
	dpkg-deb -f "$deb" Depends | grep -q libbpf || fail "the .deb's Depends lacks libbpf: $(dpkg-deb -f "$deb" Depends)"
	log "$(basename "$deb"): $(wc -l <"$work/deb.txt") entries, every expected file; Depends: $(dpkg-deb -f "$deb" Depends)"
}

main() {
	require_privileges
	require_tools cmake cpack dpkg-deb pkg-config c++ ip jq unshare readelf man ldd
	[ -x "$XGW" ] || fail "xgw not found at '$XGW'"
	work="$(mktemp -d /tmp/xgw-install.XXXXXX)"
	trap cleanup EXIT
	root="$work/root"
	libdir="usr/$(awk -F= '/^CMAKE_INSTALL_LIBDIR:/ {print $2}' "$build/CMakeCache.txt")"
	installed_tree
	installed_runs
	consumers_build
	deb_package
	pass
}

main "$@"
