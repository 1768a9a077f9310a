# shellcheck shell=bash
# nsd as the real DNS server of the tests/netns/test_dns*.sh labs, sourced after lib.sh.
# shellcheck disable=SC2154 # netns_work comes from lib.sh

# start_nsd NS ADDR ZONE: nsd in the foreground in NS, serving ZONE from
# $netns_work/NS/ZONE.zone (written before).
start_nsd() {
	local ns="$1" addr="$2" name="$3" dir="$netns_work/$1"
	mkdir -p "$dir"
	cat >"$dir/nsd.conf" <<-CONF
		server:
		  ip-address: $addr
		  zonesdir: $dir
		  database: ""
		  pidfile: $dir/nsd.pid
		  xfrdfile: $dir/xfrd.state
		  zonelistfile: $dir/zone.list
		  username: ""
		  logfile: $dir/nsd.log
		  server-count: 1
		remote-control:
		  control-enable: yes
		  control-interface: $dir/nsd.ctl
		zone:
		  name: $name
		  zonefile: $name.zone
	CONF
	bg_in "$ns" nsd -d -c "$dir/nsd.conf"
	wait_until 10 "nsd in $ns" nsd-control -c "$dir/nsd.conf" status
}

# nsd_stat NS KEY: one of nsd's own counters (num.queries, num.tcp).
nsd_stat() {
	nsd-control -c "$netns_work/$1/nsd.conf" stats_noreset | sed -n "s/^$2=//p"
}


# nsd_reload NS ZONE: nsd reads ZONE's file again.
nsd_reload() {
	nsd-control -c "$netns_work/$1/nsd.conf" reload "$2" >/dev/null
}
