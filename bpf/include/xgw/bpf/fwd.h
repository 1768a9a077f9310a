/*
 * XDP forwarding offload: a packet arriving on a forwarding port whose route the
 * kernel's FIB resolves (policy rules included) to another forwarding port with a
 * known neighbour leaves by redirect, TTL or hop limit decremented; everything
 * else goes to the stack untouched. The FIB is asked on every packet: a route
 * change is followed by the next packet.
 */
#pragma once
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include <xgw/bpf/check.h>
#include <xgw/abi/fw.h>
#include <xgw/abi/fwd.h>
#include <xgw/bpf/fib.h>
#include <xgw/bpf/maps.h>
#include <xgw/bpf/parse.h>

/*
 * The forwarding ports: key and value are the ifindex; presence turns the offload on.
 * A hash, not a devmap: libbpf 1.1 cannot reuse a pinned devmap (the kernel adds
 * BPF_F_RDONLY_PROG to it), and bpf_redirect() queues in bulk just the same.
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 512);
	__type(key, __u32);
	__type(value, __u32);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_fwd_ports SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XGW_FWD_SLOTS);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_fwd_stats SEC(".maps");

/* Counts how the offload ended for a packet; 0: not forwarded, the stack takes it. */
static __always_inline __u32 xgw_fwd_pass(__u32 result)
{
	__u64 *n = xgw_check_only ? NULL : bpf_map_lookup_elem(&xgw_fwd_stats, &result);

	if (n)
		(*n)++;
	return 0;
}

/*
 * Whether a frame XDP on `in` sends out of `out` (XDP_TX: out == in; redirect) arrives. Generic
 * XDP sends through the stack: always. Native XDP hands it to the driver, and a veth drops it
 * unless its peer runs XDP or has GRO on, which xgw does not count on.
 */
static __always_inline int xgw_xdp_can_send(__u32 in, __u32 out)
{
	const struct xgw_iface *i = bpf_map_lookup_elem(&xgw_ifaces, &in);
	const struct xgw_iface *o;

	if (!i || i->xdp_mode != XGW_MODE_NATIVE)
		return 1;
	o = in == out ? i : bpf_map_lookup_elem(&xgw_ifaces, &out);
	return !o || !(o->flags & XGW_IFACE_VETH);
}

/* Fills the lookup from an IPv4 header; returns XGW_FWD__MAX when the packet may go on. */
static __always_inline __u32 xgw_fwd_prep4(struct iphdr *ip, const struct xgw_pkt *pkt,
					   struct bpf_fib_lookup *fib)
{
	if (ip->ihl != 5)
		return XGW_FWD_IP_OPTIONS;
	if (ip->ttl <= 1)
		return XGW_FWD_TTL_EXPIRED;
	fib->family = XGW_AF_INET;
	fib->tos = ip->tos;
	fib->l4_protocol = ip->protocol;
	fib->sport = pkt->sport;
	fib->dport = pkt->dport;
	fib->tot_len = bpf_ntohs(ip->tot_len);
	fib->ipv4_src = ip->saddr;
	fib->ipv4_dst = ip->daddr;
	return XGW_FWD__MAX;
}

static __always_inline __u32 xgw_fwd_prep6(struct ipv6hdr *ip6, const struct xgw_pkt *pkt,
					   struct bpf_fib_lookup *fib)
{
	/* Hop-by-hop options are for every router on the path: the stack reads them. */
	if (ip6->nexthdr == 0)
		return XGW_FWD_IP_OPTIONS;
	if (ip6->hop_limit <= 1)
		return XGW_FWD_TTL_EXPIRED;
	fib->family = XGW_AF_INET6;
	fib->flowinfo = *(__be32 *)ip6 & XGW_IPV6_FLOWINFO_MASK;
	fib->l4_protocol = pkt->l4_proto;
	fib->sport = pkt->sport;
	fib->dport = pkt->dport;
	fib->tot_len = bpf_ntohs(ip6->payload_len) + sizeof(*ip6);
	__builtin_memcpy(fib->ipv6_src, &ip6->saddr, sizeof(fib->ipv6_src));
	__builtin_memcpy(fib->ipv6_dst, &ip6->daddr, sizeof(fib->ipv6_dst));
	return XGW_FWD__MAX;
}

/* Asks the FIB with the mark when there is one; a kernel that cannot is asked without. */
static __always_inline int xgw_fwd_lookup(struct xdp_md *ctx, struct bpf_fib_lookup *fib, __u32 mark)
{
	int rc;

	if (!mark)
		return bpf_fib_lookup(ctx, fib, sizeof(*fib), 0);
	*(__u32 *)fib->smac = mark; /* the input "mark" shares the smac union */
	rc = bpf_fib_lookup(ctx, fib, sizeof(*fib), XGW_FIB_LOOKUP_MARK);
	if (rc != -XGW_EINVAL)
		return rc;
	xgw_fwd_pass(XGW_FWD_MARK_UNSUPPORTED);
	*(__u32 *)fib->smac = 0;
	return bpf_fib_lookup(ctx, fib, sizeof(*fib), 0);
}

/* The FIB's answer for the packet being forwarded, from the route step to the send step. */
struct xgw_fwd_hop {
	__u32 ifindex;
	__u8 smac[ETH_ALEN];
	__u8 dmac[ETH_ALEN];
	__u32 aggregate; /* larger than the ingress MTU: GRO's or TSO's, to be forwarded by tc */
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xgw_fwd_hop);
} xgw_fwd_hops SEC(".maps");

/* fwd: the FIB is asked the way to the rule's next hop instead of the packet's destination. */
static __always_inline __u32 xgw_fwd_nexthop(struct bpf_fib_lookup *fib,
					     const struct xgw_fw_nexthop *nh)
{
	if (!nh)
		return XGW_FWD__MAX;
	if (!!nh->v6 != (fib->family == XGW_AF_INET6))
		return XGW_FWD_NOT_FWDED;
	if (nh->v6)
		__builtin_memcpy(fib->ipv6_dst, nh->addr, sizeof(fib->ipv6_dst));
	else
		fib->ipv4_dst = nh->addr[0];
	return XGW_FWD__MAX;
}

/*
 * The egress interface when the offload forwards the packet (its next hop kept for
 * xgw_fwd_send), else 0: the packet goes to the stack unchanged, its outcome counted. mark
 * feeds the policy rules (setmark, setfib); nh, when not NULL, is a fwd rule's next hop.
 * Out of line: the 64-byte lookup gets its own frame, not the pipeline's (512-byte limit).
 */
static __noinline __u32 xgw_fwd_route(struct xdp_md *ctx, const struct xgw_pkt *pkt, __u32 mark,
				      const struct xgw_fw_nexthop *nh)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct bpf_fib_lookup fib = {};
	__u32 ifindex = ctx->ingress_ifindex, zero = 0, mtu = 0;
	struct xgw_fwd_hop *hop;
	int rc, aggregate;
	__u32 result;

	if (!bpf_map_lookup_elem(&xgw_fwd_ports, &ifindex))
		return 0;
	if ((void *)(eth + 1) > data_end)
		return 0;
	if (pkt->vlan_depth || (eth->h_dest[0] & 1))
		return xgw_fwd_pass(XGW_FWD_L2_OTHER);
	if (pkt->l3_proto == ETH_P_IP) {
		struct iphdr *ip = (void *)(eth + 1);

		if ((void *)(ip + 1) > data_end)
			return 0;
		result = xgw_fwd_prep4(ip, pkt, &fib);
	} else if (pkt->l3_proto == ETH_P_IPV6) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);

		if ((void *)(ip6 + 1) > data_end)
			return 0;
		result = xgw_fwd_prep6(ip6, pkt, &fib);
	} else {
		return xgw_fwd_pass(XGW_FWD_NOT_IP);
	}
	if (result == XGW_FWD__MAX)
		result = xgw_fwd_nexthop(&fib, nh);
	if (result != XGW_FWD__MAX)
		return xgw_fwd_pass(result);

	/*
	 * Longer than the ingress MTU: only generic XDP sees such a frame, a GRO (or a veth
	 * peer's TSO) aggregate of segments each within that MTU. The FIB is asked with one
	 * segment's length; xgw_policy_route has tc send the aggregate, which XDP cannot redirect.
	 */
	aggregate = bpf_check_mtu(ctx, 0, &mtu, 0, 0) == BPF_MTU_CHK_RET_FRAG_NEEDED;
	if (aggregate) {
		if (mark || nh) /* tc's lookup knows neither: the stack routes it */
			return xgw_fwd_pass(XGW_FWD_FRAG_NEEDED);
		fib.tot_len = mtu;
	}
	fib.ifindex = ifindex;
	rc = xgw_fwd_lookup(ctx, &fib, mark);
	if (rc < 0)
		return xgw_fwd_pass(XGW_FWD_LOOKUP_ERROR);
	if (rc != BPF_FIB_LKUP_RET_SUCCESS)
		return xgw_fwd_pass(rc <= 9 ? XGW_FWD_BLACKHOLE + rc - 1 : XGW_FWD_LOOKUP_ERROR);
	if (!bpf_map_lookup_elem(&xgw_fwd_ports, &fib.ifindex))
		return xgw_fwd_pass(XGW_FWD_EGRESS_NOT_OFFLOADED);
	if (!xgw_xdp_can_send(ifindex, fib.ifindex))
		return xgw_fwd_pass(XGW_FWD_NOT_XDP_READY);
	hop = bpf_map_lookup_elem(&xgw_fwd_hops, &zero);
	if (!hop || !fib.ifindex)
		return 0;
	hop->ifindex = fib.ifindex;
	hop->aggregate = aggregate;
	__builtin_memcpy(hop->smac, fib.smac, ETH_ALEN);
	__builtin_memcpy(hop->dmac, fib.dmac, ETH_ALEN);
	return fib.ifindex;
}

/* Sends the packet xgw_fwd_route chose to forward: TTL or hop limit, MACs, redirect. */
static __always_inline int xgw_fwd_send(struct xdp_md *ctx, const struct xgw_pkt *pkt)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct xgw_fwd_hop *hop;
	__u32 zero = 0;

	hop = bpf_map_lookup_elem(&xgw_fwd_hops, &zero);
	if (!hop || (void *)(eth + 1) > data_end)
		return XDP_DROP;
	if (pkt->l3_proto == ETH_P_IP) {
		struct iphdr *ip = (void *)(eth + 1);

		if ((void *)(ip + 1) > data_end)
			return XDP_DROP;
		xgw_fwd_ttl4(ip);
	} else {
		struct ipv6hdr *ip6 = (void *)(eth + 1);

		if ((void *)(ip6 + 1) > data_end)
			return XDP_DROP;
		ip6->hop_limit--;
	}
	__builtin_memcpy(eth->h_dest, hop->dmac, ETH_ALEN);
	__builtin_memcpy(eth->h_source, hop->smac, ETH_ALEN);
	xgw_fwd_pass(XGW_FWD_FORWARDED);
	return bpf_redirect(hop->ifindex, 0);
}
