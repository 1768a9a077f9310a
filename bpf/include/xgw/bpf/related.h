/*
 * ICMP errors related to a keep-state flow: a destination unreachable, packet too big, time
 * exceeded or parameter problem that quotes a packet of a live flow, sent back to that
 * packet's source. Keep-state admits them as conntrack's RELATED does, so path MTU discovery
 * and traceroute work through a default-deny ruleset.
 */
#pragma once
#include <linux/bpf.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <bpf/bpf_helpers.h>
#include <xgw/bpf/ct.h>
#include <xgw/bpf/parse.h>

static __always_inline int xgw_rel_is_error(const struct xgw_pkt *pkt)
{
	__u8 t = pkt->icmp_type;

	if (pkt->l4_proto == IPPROTO_ICMP)
		return t == 3 || t == 11 || t == 12;
	if (pkt->l4_proto == IPPROTO_ICMPV6)
		return t >= 1 && t <= 4;
	return 0;
}

/* The quoted TCP/UDP ports or ICMP echo identifier, 8 bytes past the quoted IP header. */
static __always_inline int xgw_rel_ports(void *l4, void *data_end, struct xgw_pkt *in)
{
	__be16 *p = l4;

	if ((void *)(p + 4) > data_end)
		return 0;
	if (in->l4_proto == IPPROTO_TCP || in->l4_proto == IPPROTO_UDP) {
		in->sport = p[0];
		in->dport = p[1];
		return 1;
	}
	if (in->l4_proto == IPPROTO_ICMP || in->l4_proto == IPPROTO_ICMPV6) {
		in->icmp_type = *(__u8 *)p;
		in->sport = p[2]; /* echo identifier */
		return 1;
	}
	return 0;
}

/*
 * Whether the packet is an ICMP error whose quoted packet belongs to a live flow and came from
 * the error's destination. Only looks: the flow is neither refreshed nor counted. Out of line,
 * so the quoted packet's header lives in a frame of its own, off the firewall's chain.
 */
static __noinline int xgw_ct_related(void *data, void *data_end, const struct xgw_pkt *pkt)
{
	struct xgw_pkt in = { .l3_proto = pkt->l3_proto, .flags = XGW_PKT_L4 };
	struct xgw_flow_key key;
	struct xgw_flow *f;
	__u32 l4 = pkt->l4_off;
	int src_is_lo;

	if (!(pkt->flags & XGW_PKT_L4) || (pkt->flags & XGW_PKT_FRAG) || !xgw_rel_is_error(pkt))
		return 0;
	if (l4 > 512)
		return 0;
	if (pkt->l3_proto == ETH_P_IP) {
		struct iphdr *ip = data + l4 + 8;

		if ((void *)(ip + 1) > data_end || ip->version != 4 || ip->ihl < 5)
			return 0;
		if (ip->saddr != pkt->dst[0] || (ip->frag_off & bpf_htons(XGW_IP4_OFFSET)))
			return 0;
		in.l4_proto = ip->protocol;
		in.src[0] = ip->saddr;
		in.dst[0] = ip->daddr;
		if (!xgw_rel_ports((void *)ip + ip->ihl * 4, data_end, &in))
			return 0;
	} else {
		struct ipv6hdr *ip6 = data + l4 + 8;

		if ((void *)(ip6 + 1) > data_end)
			return 0;
		if (ip6->saddr.in6_u.u6_addr32[0] != pkt->dst[0] ||
		    ip6->saddr.in6_u.u6_addr32[1] != pkt->dst[1] ||
		    ip6->saddr.in6_u.u6_addr32[2] != pkt->dst[2] ||
		    ip6->saddr.in6_u.u6_addr32[3] != pkt->dst[3])
			return 0;
		in.l4_proto = ip6->nexthdr;
		__builtin_memcpy(in.src, &ip6->saddr, 16);
		__builtin_memcpy(in.dst, &ip6->daddr, 16);
		if (!xgw_rel_ports(ip6 + 1, data_end, &in))
			return 0;
	}
	if (!xgw_flow_key_of(&in, &key, &src_is_lo))
		return 0;
	f = bpf_map_lookup_elem(&xgw_flows, &key);
	if (!f || bpf_ktime_get_boot_ns() > f->expires_ns)
		return 0;
	xgw_ct_stat(XGW_CT_STAT_RELATED);
	return 1;
}

/* Marks an ICMP error about a live flow, for the firewall's keep-state rules to admit. */
static __always_inline void xgw_mark_related(void *data, void *data_end, struct xgw_pkt *pkt)
{
	if (xgw_rel_is_error(pkt) && xgw_ct_related(data, data_end, pkt))
		pkt->flags |= XGW_PKT_RELATED;
}
