/*
 * The flow table: one LRU hash for both directions and both hooks. A flow is made by a
 * keep-state rule and lets later packets of that flow through at check-state.
 */
#pragma once
#include <xgw/abi/ct.h>
#include <xgw/bpf/check.h>
#include <xgw/bpf/parse.h>

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, XGW_DEFAULT_FLOWS);
	__type(key, struct xgw_flow_key);
	__type(value, struct xgw_flow);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_flows SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xgw_ct_config);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_ct_config SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XGW_CT_STAT__MAX);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_ct_stats SEC(".maps");

/* Flows in the table: made minus removed, so a flow made into a full table is an eviction. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __s64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_ct_fill SEC(".maps");

/* The kernel's struct bpf_map, for its size: attach chooses it (CO-RE reads the field). */
struct bpf_map___xgw {
	__u32 max_entries;
} __attribute__((preserve_access_index));

static const __u32 xgw_ct_default_lifetime[XGW_CT__MAX] = {
#define XGW_CT_LIFETIME_DEFAULT(id, name, secs) secs,
	XGW_CT_LIFETIMES(XGW_CT_LIFETIME_DEFAULT)
#undef XGW_CT_LIFETIME_DEFAULT
};

static __always_inline void xgw_ct_stat(__u32 which)
{
	__u64 *v = xgw_check_only ? NULL : bpf_map_lookup_elem(&xgw_ct_stats, &which);

	if (v)
		(*v)++;
}

/* The flow key of a packet, and whether the packet's source is the key's lower endpoint. */
static __always_inline int xgw_flow_key_of(const struct xgw_pkt *pkt, struct xgw_flow_key *key,
					   int *src_is_lo)
{
	__u16 sport = pkt->sport, dport = pkt->dport;
	int i, lo = 1, decided = 0;

	if (!(pkt->flags & XGW_PKT_L4))
		return 0;
	if (pkt->l4_proto == IPPROTO_ICMP || pkt->l4_proto == IPPROTO_ICMPV6) {
		/* Only echo request/reply pairs make flows: the identifier stands for both ports. */
		__u8 t = pkt->icmp_type;

		if (t != 8 && t != 0 && t != 128 && t != 129)
			return 0;
		dport = sport;
	}
	__builtin_memset(key, 0, sizeof(*key));
#pragma unroll
	for (i = 0; i < 4; i++) {
		if (!decided && pkt->src[i] != pkt->dst[i]) {
			lo = bpf_ntohl(pkt->src[i]) < bpf_ntohl(pkt->dst[i]);
			decided = 1;
		}
	}
	if (!decided)
		lo = bpf_ntohs(sport) <= bpf_ntohs(dport);
	__builtin_memcpy(key->lo_addr, lo ? pkt->src : pkt->dst, 16);
	__builtin_memcpy(key->hi_addr, lo ? pkt->dst : pkt->src, 16);
	key->lo_port = lo ? sport : dport;
	key->hi_port = lo ? dport : sport;
	key->proto = pkt->l4_proto;
	key->v6 = pkt->l3_proto == ETH_P_IPV6;
	*src_is_lo = lo;
	return 1;
}

static __always_inline __u64 xgw_ct_lifetime_ns(__u32 which)
{
	__u32 zero = 0;
	const struct xgw_ct_config *cfg = bpf_map_lookup_elem(&xgw_ct_config, &zero);
	__u32 secs = 0;

	which &= 7;
	if (cfg)
		secs = cfg->lifetime[which];
	if (!secs && which < XGW_CT__MAX)
		secs = xgw_ct_default_lifetime[which];
	return (__u64)secs * 1000000000ULL;
}

/* What a flow in this state may live for without another packet. */
static __always_inline __u32 xgw_ct_lifetime_of(const struct xgw_flow *f, __u8 proto)
{
	if (proto == IPPROTO_UDP)
		return XGW_CT_UDP;
	if (proto != IPPROTO_TCP)
		return XGW_CT_SHORT;
	if (f->seen & XGW_FLOW_RST)
		return XGW_CT_RST;
	if ((f->seen & (XGW_FLOW_FIN_FWD | XGW_FLOW_FIN_REV)) ==
	    (XGW_FLOW_FIN_FWD | XGW_FLOW_FIN_REV))
		return XGW_CT_FIN;
	if ((f->seen & (XGW_FLOW_SYN_FWD | XGW_FLOW_SYN_REV)) ==
	    (XGW_FLOW_SYN_FWD | XGW_FLOW_SYN_REV))
		return XGW_CT_ACK;
	return XGW_CT_SYN;
}

/* Records one packet of the flow; from_init: it comes from the flow's initiator. */
static __always_inline void xgw_ct_update(struct xgw_flow *f, const struct xgw_pkt *pkt,
					  int from_init, __u64 now)
{
	__u32 d = from_init ? 0 : 1;

	if (pkt->l4_proto == IPPROTO_TCP) {
		__u8 fl = pkt->tcp_flags;

		if (fl & 0x02)
			f->seen |= from_init ? XGW_FLOW_SYN_FWD : XGW_FLOW_SYN_REV;
		if (fl & 0x01)
			f->seen |= from_init ? XGW_FLOW_FIN_FWD : XGW_FLOW_FIN_REV;
		if (fl & 0x04)
			f->seen |= XGW_FLOW_RST;
	}
	f->packets[d]++;
	f->bytes[d] += pkt->ip_len;
	f->expires_ns = now + xgw_ct_lifetime_ns(xgw_ct_lifetime_of(f, pkt->l4_proto));
}

/* The packet's live flow, updated; NULL when it has none (an expired one is removed). */
static __always_inline struct xgw_flow *xgw_ct_lookup(const struct xgw_pkt *pkt)
{
	struct xgw_flow_key key;
	struct xgw_flow *f;
	int src_is_lo;
	__u64 now;

	if (!xgw_flow_key_of(pkt, &key, &src_is_lo))
		return NULL;
	f = bpf_map_lookup_elem(&xgw_flows, &key);
	if (!f)
		return NULL;
	now = bpf_ktime_get_boot_ns();
	if (xgw_check_only) /* the flow as it is: neither refreshed nor removed */
		return now > f->expires_ns ? NULL : f;
	if (now > f->expires_ns) {
		__u32 zero = 0;
		__s64 *fill = bpf_map_lookup_elem(&xgw_ct_fill, &zero);

		if (bpf_map_delete_elem(&xgw_flows, &key) == 0 && fill)
			__sync_fetch_and_add(fill, -1);
		xgw_ct_stat(XGW_CT_STAT_EXPIRED);
		return NULL;
	}
	xgw_ct_update(f, pkt, src_is_lo == f->init_is_lo, now);
	return f;
}

/* A flow went in: one more in the table, or, when it was full, one evicted for it. */
static __always_inline void xgw_ct_count_in(void)
{
	__u32 zero = 0, size = ((struct bpf_map___xgw *)&xgw_flows)->max_entries;
	__s64 *fill = bpf_map_lookup_elem(&xgw_ct_fill, &zero);

	if (!fill)
		return;
	if (*fill >= (__s64)size)
		xgw_ct_stat(XGW_CT_STAT_EVICTED);
	else
		__sync_fetch_and_add(fill, 1);
}

/* Makes a flow for this packet, whose source is the initiator. */
static __always_inline void xgw_ct_create(const struct xgw_pkt *pkt, __u32 counter, __u16 number)
{
	struct xgw_flow_key key;
	struct xgw_flow f = {};
	int src_is_lo;

	if (xgw_check_only || !xgw_flow_key_of(pkt, &key, &src_is_lo))
		return;
	f.rule_counter = counter;
	f.rule_number = number;
	f.init_is_lo = src_is_lo;
	xgw_ct_update(&f, pkt, 1, bpf_ktime_get_boot_ns());
	if (bpf_map_update_elem(&xgw_flows, &key, &f, BPF_NOEXIST) != 0) {
		xgw_ct_stat(XGW_CT_STAT_CREATE_FAILED);
		return;
	}
	xgw_ct_stat(XGW_CT_STAT_CREATED);
	xgw_ct_count_in();
}
