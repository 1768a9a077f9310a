/*
 * IP accounting: per-host, per-port, per-protocol and per-ICMP-type counters
 * that need no firewall rule. The cost per packet does not grow with what is
 * accounted: one LPM lookup per address for the CIDRs, one hash lookup per
 * accounted host, array lookups for ports, protocols and ICMP types.
 */
#pragma once
#include <linux/bpf.h>
#include <linux/in.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include <xgw/abi/acct.h>
#include <xgw/bpf/check.h>
#include <xgw/bpf/parse.h>

/*
 * Set at load for an interface attached for accounting only: its programs
 * count and pass everything (no AoE steering, NAT, firewall or forwarding).
 * A load-time constant, so the verifier prunes the path not taken.
 */
const volatile __u32 xgw_acct_only = 0;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xgw_acct_ctl);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_acct_ctl SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, XGW_ACCT_MAX_NETS);
	__type(key, struct xgw_acct_net4_key);
	__type(value, __u32);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_acct_nets4 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, XGW_ACCT_MAX_NETS);
	__type(key, struct xgw_acct_net6_key);
	__type(value, __u32);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_acct_nets6 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, XGW_ACCT_GENS * XGW_ACCT_MAX_HOSTS);
	__type(key, struct xgw_acct_host_key);
	__type(value, struct xgw_acct_stats);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_acct_hosts SEC(".maps");

/* Hosts that found the table full, per generation. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XGW_ACCT_GENS);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_acct_ovfl SEC(".maps");

/*
 * (protocol, port) -> slot + 1 in xgw_acct_ports; absent: not accounted. A hash holding only
 * the accounted ports (an array of every port took 1 MB with nothing accounted). Twice the
 * slots: a no-prealloc hash may find itself full a little early (per-CPU count).
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 2 * XGW_ACCT_MAX_PORTS);
	__type(key, __u32);
	__type(value, __u32);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_acct_pslot SEC(".maps");

/* slot -> (protocol, port) key + 1: the reverse of xgw_acct_pslot, for libxgw only. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XGW_ACCT_MAX_PORTS);
	__type(key, __u32);
	__type(value, __u32);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_acct_pdefs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XGW_ACCT_GENS * XGW_ACCT_MAX_PORTS);
	__type(key, __u32);
	__type(value, struct xgw_acct_stats);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_acct_ports SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XGW_ACCT_GENS * XGW_ACCT_FAMILIES * 256);
	__type(key, __u32);
	__type(value, struct xgw_acct_dir_stats);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_acct_protos SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XGW_ACCT_GENS * XGW_ACCT_FAMILIES * 256);
	__type(key, __u32);
	__type(value, struct xgw_acct_dir_stats);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_acct_icmp SEC(".maps");

static __always_inline void xgw_acct_add(struct xgw_counter *c, __u64 bytes)
{
	c->packets++;
	c->bytes += bytes;
}

static __always_inline int xgw_acct_net_tracked(const __u32 *addr, __u32 fam)
{
	if (fam == XGW_ACCT_IPV4) {
		struct xgw_acct_net4_key k = { .prefixlen = 32, .addr = addr[0] };

		return bpf_map_lookup_elem(&xgw_acct_nets4, &k) != NULL;
	}
	struct xgw_acct_net6_key k6 = { .prefixlen = 128 };

	__builtin_memcpy(k6.addr, addr, sizeof(k6.addr));
	return bpf_map_lookup_elem(&xgw_acct_nets6, &k6) != NULL;
}

/* Kept out of line: the zeroed value needs its own stack frame. */
static __noinline struct xgw_acct_stats *xgw_acct_host_create(struct xgw_acct_host_key *key)
{
	struct xgw_acct_stats zero;

	__builtin_memset(&zero, 0, sizeof(zero));
	bpf_map_update_elem(&xgw_acct_hosts, key, &zero, BPF_NOEXIST);
	return bpf_map_lookup_elem(&xgw_acct_hosts, key);
}

static __always_inline void xgw_acct_host(const __u32 *addr, __u32 fam, __u32 gen, __u32 dir,
					  __u32 role, __u64 bytes)
{
	struct xgw_acct_host_key key = { .family = fam, .gen = gen };
	struct xgw_acct_stats *s;
	__u64 *ovfl;

	if (!xgw_acct_net_tracked(addr, fam))
		return;
	__builtin_memcpy(key.addr, addr, sizeof(key.addr));
	s = bpf_map_lookup_elem(&xgw_acct_hosts, &key);
	if (!s)
		s = xgw_acct_host_create(&key);
	if (s) {
		xgw_acct_add(&s->c[dir][role], bytes);
		return;
	}
	ovfl = bpf_map_lookup_elem(&xgw_acct_ovfl, &gen);
	if (ovfl)
		(*ovfl)++;
}

static __always_inline void xgw_acct_port(__u32 proto_idx, __be16 port, __u32 gen, __u32 dir,
					  __u32 role, __u64 bytes)
{
	__u32 key = XGW_ACCT_PSLOT_KEY(proto_idx, bpf_ntohs(port));
	struct xgw_acct_stats *s;
	__u32 *slot, idx;

	slot = bpf_map_lookup_elem(&xgw_acct_pslot, &key);
	if (!slot || *slot == 0 || *slot > XGW_ACCT_MAX_PORTS)
		return;
	idx = XGW_ACCT_PORT_IDX(gen, *slot - 1);
	s = bpf_map_lookup_elem(&xgw_acct_ports, &idx);
	if (s)
		xgw_acct_add(&s->c[dir][role], bytes);
}

static __always_inline void xgw_acct_dir(void *map, __u32 idx, __u32 dir, __u64 bytes)
{
	struct xgw_acct_dir_stats *s = bpf_map_lookup_elem(map, &idx);

	if (s)
		xgw_acct_add(&s->c[dir], bytes);
}

/*
 * Counts a well-formed packet in every enabled table; dir is the hook
 * (XGW_DIR_INGRESS for XDP, XGW_DIR_EGRESS for tc), frame_len the L2 length.
 */
static __always_inline void xgw_acct(const struct xgw_pkt *pkt, __u32 dir, __u32 frame_len)
{
	__u32 zero = 0, fam, gen, flags, proto_idx;
	struct xgw_acct_ctl *ctl;
	__u64 bytes;

	if (xgw_check_only)
		return;
	if (pkt->l3_proto == ETH_P_IP)
		fam = XGW_ACCT_IPV4;
	else if (pkt->l3_proto == ETH_P_IPV6)
		fam = XGW_ACCT_IPV6;
	else
		return;
	ctl = bpf_map_lookup_elem(&xgw_acct_ctl, &zero);
	if (!ctl || !ctl->flags)
		return;
	gen = ctl->gen & 1;
	flags = ctl->flags;
	bytes = flags & XGW_ACCT_L2_BYTES ? frame_len : pkt->ip_len;

	if (flags & XGW_ACCT_HOSTS) {
		xgw_acct_host(pkt->src, fam, gen, dir, XGW_ACCT_SRC, bytes);
		xgw_acct_host(pkt->dst, fam, gen, dir, XGW_ACCT_DST, bytes);
	}
	if (flags & XGW_ACCT_PROTOS)
		xgw_acct_dir(&xgw_acct_protos, XGW_ACCT_PROTO_IDX(gen, fam, pkt->l4_proto), dir, bytes);
	if (!(pkt->flags & XGW_PKT_L4))
		return;
	if ((flags & XGW_ACCT_PORTS) &&
	    (pkt->l4_proto == IPPROTO_TCP || pkt->l4_proto == IPPROTO_UDP)) {
		proto_idx = pkt->l4_proto == IPPROTO_TCP ? XGW_ACCT_PORT_TCP : XGW_ACCT_PORT_UDP;
		xgw_acct_port(proto_idx, pkt->sport, gen, dir, XGW_ACCT_SRC, bytes);
		xgw_acct_port(proto_idx, pkt->dport, gen, dir, XGW_ACCT_DST, bytes);
	}
	if ((flags & XGW_ACCT_ICMP) &&
	    (pkt->l4_proto == IPPROTO_ICMP || pkt->l4_proto == IPPROTO_ICMPV6))
		xgw_acct_dir(&xgw_acct_icmp, XGW_ACCT_PROTO_IDX(gen, fam, pkt->icmp_type), dir, bytes);
}
