/* tc's half of policy routing (policy.h): the mark on the skb, fwd by bpf_redirect_neigh. */
#pragma once
#include <linux/pkt_cls.h>
#include <bpf/bpf_endian.h>
#include <xgw/bpf/fib.h>
#include <xgw/bpf/parse.h>
#include <xgw/bpf/policy.h>

/* Headers the tc side reads: Ethernet and an IPv6 header. */
#define XGW_POLICY_PULL_LEN 54

/*
 * Fills the FIB lookup of an IP packet towards nh; 0 when the packet cannot go (or not yet).
 * tot_len stays 0: the helper then checks the skb against the MTU itself, a GSO skb by its
 * segments, so a GRO aggregate is forwarded whole.
 */
/* The IP header's offset and EtherType (network order), after the link header if any; 0. */
static __always_inline int xgw_policy_l3(struct __sk_buff *skb, __u32 *off, __be16 *proto)
{
	void *data = (void *)(long)skb->data;
	struct ethhdr *eth = data;

	if (xgw_l3_link) {
		*off = 0;
		*proto = skb->protocol;
		return 0;
	}
	if ((void *)(eth + 1) > (void *)(long)skb->data_end)
		return -1;
	*off = sizeof(*eth);
	*proto = eth->h_proto;
	return 0;
}

static __always_inline int xgw_policy_fib_prep(struct __sk_buff *skb, struct bpf_fib_lookup *fib,
					       const __u32 *nh, __u32 v6, __u32 ingress)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	__be16 proto;
	__u32 off;

	if (xgw_policy_l3(skb, &off, &proto) || off > sizeof(struct ethhdr))
		return 0;
	if (proto == bpf_htons(ETH_P_IP) && !v6) {
		struct iphdr *ip = data + off;

		if ((void *)(ip + 1) > data_end || (ingress && ip->ttl <= 1))
			return 0;
		fib->family = XGW_AF_INET;
		fib->tos = ip->tos;
		fib->l4_protocol = ip->protocol;
		fib->ipv4_src = ip->saddr;
		fib->ipv4_dst = nh[0];
		return 1;
	}
	if (proto == bpf_htons(ETH_P_IPV6) && v6) {
		struct ipv6hdr *ip6 = data + off;

		if ((void *)(ip6 + 1) > data_end || (ingress && ip6->hop_limit <= 1))
			return 0;
		fib->family = XGW_AF_INET6;
		fib->flowinfo = *(__be32 *)ip6 & XGW_IPV6_FLOWINFO_MASK;
		fib->l4_protocol = ip6->nexthdr;
		__builtin_memcpy(fib->ipv6_src, &ip6->saddr, sizeof(fib->ipv6_src));
		__builtin_memcpy(fib->ipv6_dst, nh, sizeof(fib->ipv6_dst));
		return 1;
	}
	return 0;
}

/* The hop this host makes when it forwards: TTL or hop limit one less. */
static __always_inline void xgw_policy_hop(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	__be16 proto;
	__u32 off;

	if (xgw_policy_l3(skb, &off, &proto) || off > sizeof(struct ethhdr))
		return;
	if (proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = data + off;

		if ((void *)(ip + 1) <= data_end)
			xgw_fwd_ttl4(ip);
	} else {
		struct ipv6hdr *ip6 = data + off;

		if ((void *)(ip6 + 1) <= data_end)
			ip6->hop_limit--;
	}
}

/*
 * fwd at tc: the FIB's way to next hop nh (its gateway when nh is on no link of this host),
 * then bpf_redirect_neigh, which resolves the neighbour. On ingress this host forwards the
 * packet here, so the TTL drops by one. A packet the FIB would not forward (a local next hop,
 * no route, TTL 1) goes on as it is, to the stack's own routing.
 */
static __noinline int xgw_policy_fwd_tc(struct __sk_buff *skb, const __u32 *nh, __u32 v6,
					__u32 ingress)
{
	struct bpf_fib_lookup fib = {};
	struct bpf_redir_neigh rn = {};

	if (!nh || (skb->mark & XGW_MARK_FWD_DONE))
		return TC_ACT_OK;
	if (skb->data_end - skb->data < XGW_POLICY_PULL_LEN)
		bpf_skb_pull_data(skb, skb->len < XGW_POLICY_PULL_LEN ? skb->len : XGW_POLICY_PULL_LEN);
	if (!xgw_policy_fib_prep(skb, &fib, nh, v6, ingress))
		return TC_ACT_OK;
	fib.ifindex = skb->ifindex;
	if (bpf_fib_lookup(skb, &fib, sizeof(fib), BPF_FIB_LOOKUP_SKIP_NEIGH) !=
	    BPF_FIB_LKUP_RET_SUCCESS)
		return TC_ACT_OK;
	if (ingress)
		xgw_policy_hop(skb);
	skb->mark |= XGW_MARK_FWD_DONE;
	rn.nh_family = v6 ? XGW_AF_INET6 : XGW_AF_INET;
	if (v6)
		__builtin_memcpy(rn.ipv6_nh, fib.ipv6_dst, sizeof(rn.ipv6_nh));
	else
		rn.ipv4_nh = fib.ipv4_dst;
	return bpf_redirect_neigh(fib.ifindex, &rn, sizeof(rn), 0);
}

/* What the walk decided, on an skb: the mark, then (fwd) the next hop. */
static __always_inline int xgw_policy_apply_tc(struct __sk_buff *skb, __u32 ingress)
{
	const struct xgw_fw_walk *w = xgw_policy_walk();
	const struct xgw_fw_nexthop *nh = xgw_policy_nexthop(w);
	__u32 addr[4];

	if (!w)
		return TC_ACT_OK;
	skb->mark = (skb->mark & ~w->mark_mask) | (w->mark & w->mark_mask);
	if (!nh)
		return TC_ACT_OK;
	__builtin_memcpy(addr, nh->addr, sizeof(addr));
	return xgw_policy_fwd_tc(skb, addr, nh->v6, ingress);
}

/* The words XDP left for this packet in the per-CPU note (policy.h), taken once; or NULL. */
static __always_inline const struct xgw_xdp_meta *xgw_policy_take_note(struct __sk_buff *skb)
{
	struct xgw_xdp_note *note = xgw_policy_note();
	__u64 print[XGW_NOTE_PRINT / 8], left[XGW_NOTE_PRINT / 8];
	void *data;

	if (!note || note->ifindex != skb->ifindex)
		return NULL;
	note->ifindex = 0;
	if (skb->data_end - skb->data < XGW_NOTE_PRINT)
		bpf_skb_pull_data(skb, XGW_NOTE_PRINT);
	data = (void *)(long)skb->data;
	if (data + XGW_NOTE_PRINT > (void *)(long)skb->data_end) {
		note->stale++;
		return NULL;
	}
	__builtin_memcpy(print, data, XGW_NOTE_PRINT);
	__builtin_memcpy(left, note->print, XGW_NOTE_PRINT);
	if (print[0] != left[0] || print[1] != left[1] || print[2] != left[2]) {
		note->stale++;
		return NULL;
	}
	note->taken++;
	return &note->meta;
}

/* tc ingress: the mark and next hop that XDP left in the metadata or the note, if any. */
static __always_inline int xgw_policy_from_meta(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	const struct xgw_xdp_meta *m = (void *)(long)skb->data_meta;
	__u32 addr[4], flags;

	if (!xgw_xdp_meta_ok)
		m = xgw_policy_take_note(skb);
	else if ((void *)(m + 1) > data)
		return TC_ACT_OK;
	if (!m || m->magic != XGW_META_MAGIC)
		return TC_ACT_OK;
	flags = m->flags;
	if (flags & XGW_META_TX)
		return bpf_redirect(skb->ifindex, 0);
	if (flags & XGW_META_MARK)
		skb->mark = (skb->mark & ~m->mark_mask) | (m->mark & m->mark_mask);
	if (!(flags & XGW_META_FWD))
		return TC_ACT_OK;
	__builtin_memcpy(addr, m->nexthop, sizeof(addr));
	return xgw_policy_fwd_tc(skb, addr, !!(flags & XGW_META_FWD6), 1);
}
