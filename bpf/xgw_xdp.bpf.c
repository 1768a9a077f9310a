// SPDX-License-Identifier: GPL-2.0
/* XDP ingress pipeline: parse, decide, count. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <xgw/bpf/acct.h>
#include <xgw/bpf/aoe.h>
#include <xgw/bpf/frag.h>
#include <xgw/bpf/fw.h>
#include <xgw/bpf/fwd.h>
#include <xgw/bpf/nat.h>
#include <xgw/bpf/parse.h>
#include <xgw/bpf/policy_xdp.h>
#include <xgw/bpf/reject.h>
#include <xgw/bpf/related.h>
#include <xgw/bpf/stats.h>

/* Out of line: the answer's buffers get a stack frame of their own, off the firewall's chain. */
static __noinline int xgw_xdp_answer(struct xdp_md *ctx, const struct xgw_pkt *pkt, int fw)
{
	return xgw_fw_reply(ctx, 1, pkt, fw);
}

/*
 * The egress half of the stack's path for a packet the offload forwards out of `out`, which
 * tc egress would otherwise do and the redirect bypasses: accounting, the firewall's out
 * rules (an answer goes back by XDP_TX), source NAT, then the send.
 */
static __always_inline int xgw_xdp_out(struct xdp_md *ctx, struct xgw_pkt *pkt, __u32 out,
				       __u32 len, __u32 *verdict)
{
	__u32 out_verdict = XGW_VERDICT_DROP;
	int action = XDP_DROP, fw;

	xgw_acct(pkt, XGW_DIR_EGRESS, len);
	xgw_frag_begin(pkt, XGW_NAT_AT_EGRESS);
	fw = xgw_fw_filter(pkt, XGW_DIR_EGRESS, out, ctx->ingress_ifindex, NULL);
	if (fw != XGW_FW_ALLOW) {
		xgw_fwd_pass(XGW_FWD_DENIED_AT_EGRESS);
		if (xgw_fw_answers(fw) && !xgw_xdp_answer(ctx, pkt, fw))
			action = xgw_xdp_tx(ctx);
	} else if (xgw_nat_xdp(ctx, pkt, XGW_NAT_AT_EGRESS, out) != XGW_NAT_DROP) {
		out_verdict = XGW_VERDICT_PASS;
	}
	/* Its later fragments take the stack's way out, by tc egress, which reads this. */
	xgw_frag_end(pkt, XGW_NAT_AT_EGRESS, out_verdict == XGW_VERDICT_PASS);
	if (out_verdict == XGW_VERDICT_PASS)
		action = xgw_fwd_send(ctx, pkt);
	*verdict = action == XDP_REDIRECT ? XGW_VERDICT_REDIRECT
		   : action == XDP_DROP	  ? XGW_VERDICT_DROP
					  : XGW_VERDICT_TX; /* XDP_TX, or by tc (XDP_PASS) */
	xgw_stats_count(out, XGW_DIR_EGRESS, out_verdict, XGW_REASON_NONE, len);
	return action;
}

/* The firewall's ingress decision, once NAT has put the packet in inside addresses. */
static __always_inline int xgw_xdp_filter(struct xdp_md *ctx, struct xgw_pkt *pkt)
{
	xgw_mark_related((void *)(long)ctx->data, (void *)(long)ctx->data_end, pkt);
	return xgw_fw_filter(pkt, XGW_DIR_INGRESS, ctx->ingress_ifindex, ctx->ingress_ifindex,
			     NULL);
}

SEC("xdp")
int xgw_xdp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 len = data_end - data; /* read now: an answer rewrites the frame */
	struct xgw_pkt pkt = {};
	__u32 verdict = XGW_VERDICT_PASS;
	int action = XDP_PASS;
	int reason, fw, nat = XGW_NAT_PASS, frag = XGW_FRAG_NONE;
	__u32 out;

	reason = xgw_parse(data, data_end, data_end - data, &pkt);
	if (xgw_acct_only) { /* passive: malformed frames pass too, counted by reason */
		if (reason == XGW_REASON_NONE)
			xgw_acct(&pkt, XGW_DIR_INGRESS, len);
		xgw_stats_count(ctx->ingress_ifindex, XGW_DIR_INGRESS, verdict, reason, len);
		return XDP_PASS;
	}
	if (reason == XGW_REASON_NONE && pkt.l3_proto == XGW_ETH_P_AOE) {
		action = xgw_aoe_xdp(ctx, &pkt);
		reason = action >> 8;
		action &= 0xff;
		xgw_stats_count(ctx->ingress_ifindex, XGW_DIR_INGRESS, xgw_aoe_verdict(action), reason,
				data_end - data);
		return action;
	}
	if (reason == XGW_REASON_NONE)
		xgw_acct(&pkt, XGW_DIR_INGRESS, len);
	if (reason != XGW_REASON_NONE) {
		if (xgw_malformed_policy() == XGW_MALFORMED_DROP) {
			verdict = XGW_VERDICT_DROP;
			action = XDP_DROP;
		}
	} else if ((pkt.flags & XGW_PKT_FRAG_LATER) &&
		   (frag = xgw_frag_follow_xdp(ctx, &pkt, XGW_NAT_AT_INGRESS)) != XGW_FRAG_NONE) {
		/* a later fragment: its first's verdict and addresses; the stack routes it */
		if (frag == XGW_FRAG_DENIED) {
			verdict = XGW_VERDICT_DROP;
			action = XDP_DROP;
		}
	} else if (xgw_frag_begin(&pkt, XGW_NAT_AT_INGRESS),
		   (nat = xgw_nat_xdp(ctx, &pkt, XGW_NAT_AT_INGRESS, ctx->ingress_ifindex)) ==
			   XGW_NAT_DROP) {
		verdict = XGW_VERDICT_DROP;
		action = XDP_DROP;
		xgw_frag_end(&pkt, XGW_NAT_AT_INGRESS, 0);
	} else if ((fw = xgw_xdp_filter(ctx, &pkt)) != XGW_FW_ALLOW) {
		verdict = XGW_VERDICT_DROP;
		action = XDP_DROP;
		xgw_frag_end(&pkt, XGW_NAT_AT_INGRESS, 0);
		if (xgw_fw_answers(fw) && !xgw_xdp_answer(ctx, &pkt, fw) &&
		    (action = xgw_xdp_tx(ctx)) != XDP_DROP)
			verdict = XGW_VERDICT_TX;
	} else if (xgw_frag_end(&pkt, XGW_NAT_AT_INGRESS, 1), nat == XGW_NAT_TX) {
		action = xgw_xdp_tx(ctx);
		verdict = action == XDP_DROP ? XGW_VERDICT_DROP : XGW_VERDICT_TX;
	} else if ((out = xgw_policy_route(ctx, &pkt)) != 0) {
		action = xgw_xdp_out(ctx, &pkt, out, len, &verdict);
	}
	xgw_stats_count(ctx->ingress_ifindex, XGW_DIR_INGRESS, verdict, reason, len);
	return action;
}

char LICENSE[] SEC("license") = "GPL";
