// SPDX-License-Identifier: GPL-2.0
/* tc pipelines: the outbound half of the data path, and the policy routing of inbound packets. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <xgw/bpf/acct.h>
#include <xgw/bpf/frag.h>
#include <xgw/bpf/fw.h>
#include <xgw/bpf/nat.h>
#include <xgw/bpf/parse.h>
#include <xgw/bpf/policy_tc.h>
#include <xgw/bpf/reject.h>
#include <xgw/bpf/related.h>
#include <xgw/bpf/stats.h>

/* Headers deeper than this into a non-linear skb are judged truncated. */
#define XGW_TC_PULL_LEN 256

/* Makes the headers the parser reads linear; the packet pointers must be read after. */
static __always_inline void xgw_tc_pull(struct __sk_buff *skb)
{
	if (skb->data_end - skb->data < skb->len)
		bpf_skb_pull_data(skb, skb->len < XGW_TC_PULL_LEN ? skb->len : XGW_TC_PULL_LEN);
}

/* Out of line: the answer's buffers get a stack frame of their own, off the firewall's chain. */
static __noinline int xgw_tc_answer(struct __sk_buff *skb, const struct xgw_pkt *pkt, int fw)
{
	return xgw_fw_reply(skb, 0, pkt, fw);
}

/* The firewall's egress decision. */
static __always_inline int xgw_tc_filter(struct __sk_buff *skb, struct xgw_pkt *pkt)
{
	xgw_mark_related((void *)(long)skb->data, (void *)(long)skb->data_end, pkt);
	return xgw_fw_filter(pkt, XGW_DIR_EGRESS, skb->ifindex, skb->ingress_ifindex, NULL);
}

SEC("tc")
int xgw_tc_egress(struct __sk_buff *skb)
{
	__u32 len = skb->len, ifindex = skb->ifindex; /* read now: an answer rewrites the skb */
	struct xgw_pkt pkt = {};
	__u32 verdict = XGW_VERDICT_PASS;
	int action = TC_ACT_OK;
	void *data, *data_end;
	int reason, fw, frag;

	xgw_tc_pull(skb);
	data = (void *)(long)skb->data;
	data_end = (void *)(long)skb->data_end;

	reason = xgw_parse(data, data_end, skb->len, &pkt);
	if (reason == XGW_REASON_NONE)
		xgw_acct(&pkt, XGW_DIR_EGRESS, skb->len);
	if (xgw_acct_only) {
		/* passive: nothing below runs */
	} else if (reason != XGW_REASON_NONE) {
		if (xgw_malformed_policy() == XGW_MALFORMED_DROP) {
			verdict = XGW_VERDICT_DROP;
			action = TC_ACT_SHOT;
		}
	} else if ((pkt.flags & XGW_PKT_FRAG_LATER) &&
		   (frag = xgw_frag_follow_tc(skb, &pkt, XGW_NAT_AT_EGRESS)) != XGW_FRAG_NONE) {
		/* a later fragment: its first's verdict and addresses */
		if (frag == XGW_FRAG_DENIED) {
			verdict = XGW_VERDICT_DROP;
			action = TC_ACT_SHOT;
		}
	} else if (xgw_frag_begin(&pkt, XGW_NAT_AT_EGRESS),
		   (fw = xgw_tc_filter(skb, &pkt)) != XGW_FW_ALLOW) {
		verdict = XGW_VERDICT_DROP;
		action = TC_ACT_SHOT;
		xgw_frag_end(&pkt, XGW_NAT_AT_EGRESS, 0);
		/* a packet of this host: the answer goes to the local stack, as if it came back */
		if (xgw_fw_answers(fw) && !xgw_tc_answer(skb, &pkt, fw)) {
			verdict = XGW_VERDICT_REDIRECT;
			action = bpf_redirect(ifindex, BPF_F_INGRESS);
		}
	} else if ((action = xgw_policy_apply_tc(skb, 0)) == TC_ACT_REDIRECT) {
		/* fwd: NAT and counting are the egress interface's, where it goes now */
		verdict = XGW_VERDICT_REDIRECT;
	} else if (xgw_nat_tc(skb, &pkt)) {
		verdict = XGW_VERDICT_DROP;
		action = TC_ACT_SHOT;
		xgw_frag_end(&pkt, XGW_NAT_AT_EGRESS, 0);
	} else {
		xgw_frag_end(&pkt, XGW_NAT_AT_EGRESS, 1);
	}
	xgw_stats_count(ifindex, XGW_DIR_EGRESS, verdict, reason, len);
	return action;
}

/*
 * tc ingress. A packet an inbound SA decrypted comes here again without passing native XDP:
 * the ingress rules see it now, with its SA for the ipsec option. Every other packet passed
 * the XDP firewall, which may have left a mark or a next hop in its metadata.
 */
SEC("tc")
int xgw_tc_ingress(struct __sk_buff *skb)
{
	struct bpf_xfrm_state st = {};
	struct xgw_fw_xfrm sa = {};
	struct xgw_pkt pkt = {};
	void *data, *data_end;

	if (xgw_acct_only)
		return TC_ACT_OK;
	if (bpf_skb_get_xfrm_state(skb, 0, &st, sizeof(st), 0))
		return xgw_policy_from_meta(skb);
	sa.spi = st.spi;
	sa.reqid = st.reqid;
	sa.v6 = st.family == XGW_AF_INET6;
	__builtin_memcpy(sa.remote, st.remote_ipv6, sizeof(sa.remote));
	xgw_tc_pull(skb);
	data = (void *)(long)skb->data;
	data_end = (void *)(long)skb->data_end;
	if (xgw_parse(data, data_end, skb->len, &pkt) != XGW_REASON_NONE)
		return TC_ACT_OK;
	xgw_mark_related(data, data_end, &pkt);
	if (xgw_fw_filter(&pkt, XGW_DIR_INGRESS, skb->ifindex, skb->ifindex, &sa) != XGW_FW_ALLOW)
		return TC_ACT_SHOT;
	return xgw_policy_apply_tc(skb, 1);
}

char LICENSE[] SEC("license") = "GPL";
