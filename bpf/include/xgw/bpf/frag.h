/*
 * Fragments follow their first. A datagram's first fragment carries the ports, so it is
 * judged and translated like any packet; what became of it is remembered here, at each hook,
 * under the datagram's identity (addresses as the hook first saw them, protocol, ID), and
 * every later fragment gets the same verdict and the same addresses. A later fragment whose
 * first was not seen is judged by the rules as a fragment (ipfw's way); at egress, when NAT
 * would have translated it, it is dropped: it must never leave with an inside address.
 */
#pragma once
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <xgw/abi/frag.h>
#include <xgw/bpf/nat.h>
#include <xgw/bpf/parse.h>

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, XGW_DEFAULT_FRAGS);
	__type(key, struct xgw_frag_key);
	__type(value, struct xgw_frag_state);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_frags SEC(".maps");

/* The first fragment's identity between xgw_frag_begin and xgw_frag_end, one slot per hook. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, struct xgw_frag_key);
} xgw_frag_scratch SEC(".maps");

enum xgw_frag_fate {
	XGW_FRAG_NONE = 0,     /* not a later fragment, or one whose first was not seen */
	XGW_FRAG_FOLLOWS = 1,  /* its first went on: so does it, with the first's addresses */
	XGW_FRAG_DENIED = 2,   /* its first was dropped: so is it */
};

static __always_inline int xgw_frag_is_first(const struct xgw_pkt *pkt)
{
	return (pkt->flags & (XGW_PKT_FRAG | XGW_PKT_FRAG_LATER)) == XGW_PKT_FRAG;
}

static __always_inline void xgw_frag_key_of(const struct xgw_pkt *pkt, __u32 hook,
					    struct xgw_frag_key *k)
{
	__builtin_memcpy(k->src, pkt->src, sizeof(k->src));
	__builtin_memcpy(k->dst, pkt->dst, sizeof(k->dst));
	k->id = pkt->frag_id;
	k->proto = pkt->l4_proto;
	k->hook = hook;
	k->_pad = 0;
}

/* Before a first fragment is judged and translated: its identity as it arrived. */
static __always_inline void xgw_frag_begin(const struct xgw_pkt *pkt, __u32 hook)
{
	struct xgw_frag_key *k;
	__u32 slot = hook & 1;

	if (!xgw_frag_is_first(pkt))
		return;
	k = bpf_map_lookup_elem(&xgw_frag_scratch, &slot);
	if (k)
		xgw_frag_key_of(pkt, hook, k);
}

/*
 * After: what became of it (allowed or not, and its addresses now), for the later ones. Out
 * of line: its state gets a stack frame of its own, off the pipeline's deepest call chain.
 */
static __noinline int xgw_frag_remember(const struct xgw_pkt *pkt, __u32 hook, int allowed)
{
	struct xgw_frag_state st = {};
	struct xgw_frag_key *k;
	__u32 slot = hook & 1;

	k = bpf_map_lookup_elem(&xgw_frag_scratch, &slot);
	if (!k)
		return 0;
	st.expires_ns = bpf_ktime_get_boot_ns() + XGW_FRAG_LIFETIME_NS;
	st.saddr = pkt->src[0];
	st.daddr = pkt->dst[0];
	if (allowed)
		st.flags |= XGW_FRAG_ALLOW;
	if (pkt->l3_proto == ETH_P_IP && pkt->src[0] != k->src[0])
		st.flags |= XGW_FRAG_NAT_SRC;
	if (pkt->l3_proto == ETH_P_IP && pkt->dst[0] != k->dst[0])
		st.flags |= XGW_FRAG_NAT_DST;
	bpf_map_update_elem(&xgw_frags, k, &st, BPF_ANY);
	return 0;
}

static __always_inline void xgw_frag_end(const struct xgw_pkt *pkt, __u32 hook, int allowed)
{
	if (!xgw_check_only && xgw_frag_is_first(pkt))
		xgw_frag_remember(pkt, hook, allowed);
}

/* What the first fragment of this later fragment's datagram became, or NULL. */
static __always_inline const struct xgw_frag_state *xgw_frag_find(const struct xgw_pkt *pkt,
								  __u32 hook)
{
	const struct xgw_frag_state *st;
	struct xgw_frag_key k;

	if (!(pkt->flags & XGW_PKT_FRAG_LATER))
		return NULL;
	xgw_frag_key_of(pkt, hook, &k);
	st = bpf_map_lookup_elem(&xgw_frags, &k);
	if (!st || bpf_ktime_get_boot_ns() > st->expires_ns)
		return NULL;
	return st;
}

/*
 * A later fragment: its first's verdict, and its addresses. It carries no L4 header, so the
 * IP header is all there is to rewrite, in place, at either hook.
 */
static __always_inline int xgw_frag_follow(void *data, void *data_end, struct xgw_pkt *pkt,
					   __u32 hook)
{
	const struct xgw_frag_state *st = xgw_frag_find(pkt, hook);
	__u32 saddr, daddr, flags;

	if (!st)
		return XGW_FRAG_NONE;
	saddr = st->saddr;
	daddr = st->daddr;
	flags = st->flags;
	if (!(flags & XGW_FRAG_ALLOW))
		return XGW_FRAG_DENIED;
	/* A later fragment: no L4 header, so no checksum to fix. */
	if ((flags & XGW_FRAG_NAT_SRC) &&
	    xgw_nat_rewrite(data, data_end, pkt, 1, saddr, 0, XGW_NAT_CSUM_FULL))
		return XGW_FRAG_DENIED;
	if ((flags & XGW_FRAG_NAT_DST) &&
	    xgw_nat_rewrite(data, data_end, pkt, 0, daddr, 0, XGW_NAT_CSUM_FULL))
		return XGW_FRAG_DENIED;
	xgw_nat_stat(XGW_NAT_STAT_FRAGMENT_FOLLOWED);
	return XGW_FRAG_FOLLOWS;
}

/* xgw_frag_follow for XDP and for tc: global, so each is verified once. */
__noinline int xgw_frag_follow_xdp(struct xdp_md *ctx, struct xgw_pkt *pkt, __u32 hook)
{
	if (!pkt)
		return XGW_FRAG_NONE;
	return xgw_frag_follow((void *)(long)ctx->data, (void *)(long)ctx->data_end, pkt, hook);
}

__noinline int xgw_frag_follow_tc(struct __sk_buff *skb, struct xgw_pkt *pkt, __u32 hook)
{
	if (!pkt)
		return XGW_FRAG_NONE;
	return xgw_frag_follow((void *)(long)skb->data, (void *)(long)skb->data_end, pkt, hook);
}
