/* XDP's half of policy routing (policy.h): forward here, or leave metadata for tc ingress. */
#pragma once
#include <xgw/bpf/fwd.h>
#include <xgw/bpf/policy.h>

/* Leaves the mark and the next hop in front of the frame, for the tc ingress program. */
static __always_inline void xgw_policy_meta(struct xdp_md *ctx, __u32 mark, __u32 mask,
					    const struct xgw_fw_nexthop *nh)
{
	struct xgw_xdp_meta *m;
	void *data;

	if (!mask && !nh)
		return;
	if (bpf_xdp_adjust_meta(ctx, -(int)sizeof(*m)))
		return;
	data = (void *)(long)ctx->data;
	m = (void *)(long)ctx->data_meta;
	if ((void *)(m + 1) > data)
		return;
	__builtin_memset(m, 0, sizeof(*m));
	m->magic = XGW_META_MAGIC;
	m->mark = mark;
	m->mark_mask = mask;
	if (mask)
		m->flags |= XGW_META_MARK;
	if (nh) {
		m->flags |= XGW_META_FWD | (nh->v6 ? XGW_META_FWD6 : 0);
		__builtin_memcpy(m->nexthop, nh->addr, sizeof(m->nexthop));
	}
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
	__u32 mark = w ? w->mark : 0, mask = w ? w->mark_mask : 0;
	__u32 out = xgw_fwd_route(ctx, pkt, mark, nh);

	if (!out)
		xgw_policy_meta(ctx, mark, mask, nh);
	return out;
}
