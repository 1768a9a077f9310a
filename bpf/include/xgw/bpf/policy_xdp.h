/* XDP's half of policy routing (policy.h): forward here, or leave metadata for tc ingress. */
#pragma once
#include <xgw/bpf/fwd.h>
#include <xgw/bpf/policy.h>

/*
 * Leaves flags, the mark and the next hop for the tc ingress program: in front of the frame,
 * or in the per-CPU note where the kernel refuses metadata (policy.h). Nonzero when it cannot.
 * Out of line: the words are built in its own stack frame, not the pipeline's.
 */
static __noinline int xgw_xdp_leave(struct xdp_md *ctx, __u32 flags, __u32 mark, __u32 mask,
				    const struct xgw_fw_nexthop *nh)
{
	struct xgw_xdp_meta *m;
	struct xgw_xdp_note *note = NULL;
	void *data;

	if (xgw_check_only)
		return 0;
	if (xgw_xdp_meta_ok) {
		if (bpf_xdp_adjust_meta(ctx, -(int)sizeof(*m)))
			return -1;
		data = (void *)(long)ctx->data;
		m = (void *)(long)ctx->data_meta;
		if ((void *)(m + 1) > data)
			return -1;
	} else {
		data = (void *)(long)ctx->data;
		note = xgw_policy_note();
		if (!note || data + XGW_NOTE_PRINT > (void *)(long)ctx->data_end)
			return -1;
		__builtin_memcpy(note->print, data, XGW_NOTE_PRINT);
		m = &note->meta;
	}
	__builtin_memset(m, 0, sizeof(*m));
	m->magic = XGW_META_MAGIC;
	m->flags = flags;
	m->mark = mark;
	m->mark_mask = mask;
	if (nh)
		__builtin_memcpy(m->nexthop, nh->addr, sizeof(m->nexthop));
	if (note)
		note->ifindex = ctx->ingress_ifindex;
	return 0;
}

/* Leaves the mark and the next hop for the tc ingress program. */
static __always_inline void xgw_policy_meta(struct xdp_md *ctx, __u32 mark, __u32 mask,
					    const struct xgw_fw_nexthop *nh)
{
	__u32 flags = (mask ? XGW_META_MARK : 0) |
		      (nh ? XGW_META_FWD | (nh->v6 ? XGW_META_FWD6 : 0) : 0);

	if (flags)
		xgw_xdp_leave(ctx, flags, mark, mask, nh);
}

/*
 * XDP_TX for a frame built to go back out (an answer, a hairpin), or, where the driver would
 * lose it (xgw_xdp_can_send), XDP_PASS with XGW_META_TX: tc ingress sends it out instead.
 * XDP_DROP if that cannot be left: the frame is no longer the packet that came.
 */
static __always_inline int xgw_xdp_tx(struct xdp_md *ctx)
{
	if (xgw_xdp_can_send(ctx->ingress_ifindex, ctx->ingress_ifindex))
		return XDP_TX;
	if (xgw_xdp_leave(ctx, XGW_META_TX, 0, 0, NULL))
		return XDP_DROP;
	xgw_fwd_pass(XGW_FWD_TX_VIA_TC);
	return XDP_PASS;
}

/*
 * After the ingress rules allowed: the egress interface when the offload forwards the packet
 * (with the rules' mark, to the fwd rule's next hop), else 0, and the packet goes to the stack
 * with the mark and next hop in its metadata (which moves the packet: re-read data).
 */
static __noinline __u32 xgw_policy_route(struct xdp_md *ctx, const struct xgw_pkt *pkt)
{
	const struct xgw_fw_walk *w = xgw_policy_walk();
	const struct xgw_fw_nexthop *nh = xgw_policy_nexthop(w);
	__u32 mark = w ? w->mark : 0, mask = w ? w->mark_mask : 0, zero = 0;
	__u32 out = xgw_fwd_route(ctx, pkt, mark, nh);
	const struct xgw_fwd_hop *hop = bpf_map_lookup_elem(&xgw_fwd_hops, &zero);
	struct xgw_fw_nexthop dst = {};

	if (out && hop && hop->aggregate) {
		/* an aggregate: tc ingress forwards it whole to its destination (policy_tc.h) */
		__builtin_memcpy(dst.addr, pkt->dst, sizeof(dst.addr));
		dst.v6 = pkt->l3_proto == ETH_P_IPV6;
		xgw_fwd_pass(XGW_FWD_AGGREGATE_BY_TC);
		xgw_policy_meta(ctx, 0, 0, &dst);
		return 0;
	}
	if (!out)
		xgw_policy_meta(ctx, mark, mask, nh);
	return out;
}
