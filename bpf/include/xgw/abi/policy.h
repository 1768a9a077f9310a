/* What the XDP program tells the tc ingress program about a packet it passes to the stack. */
#pragma once
#include <linux/types.h>

#define XGW_META_MAGIC 0x78676d31 /* "xgm1" */

enum xgw_meta_flags {
	XGW_META_MARK = 1 << 0, /* set the bits of mark_mask in skb->mark to mark */
	XGW_META_FWD = 1 << 1,  /* send to next hop nexthop (fwd) */
	XGW_META_FWD6 = 1 << 2, /* nexthop is IPv6 */
	XGW_META_TX = 1 << 3,   /* send the frame back out as it is: an XDP_TX the driver would lose */
};

/* XDP metadata (bpf_xdp_adjust_meta), just before the frame: at most 32 bytes. */
struct xgw_xdp_meta {
	__u32 magic;
	__u16 flags; /* enum xgw_meta_flags */
	__u16 _pad;
	__u32 mark;
	__u32 mark_mask;
	__u32 nexthop[4]; /* network order; IPv4 in nexthop[0] */
};

/*
 * Where the kernel refuses XDP metadata, XDP leaves the same words in a per-CPU note
 * (xgw_xdp_notes). Generic XDP runs on the CPU that runs tc ingress for the same skb next,
 * with no other packet in between (both in __netif_receive_skb_core). The note names the
 * interface and the frame's first bytes as XDP left them (MACs, EtherType, the IP header's
 * first 10: the IPv4 ID, the IPv6 flow label and lengths), so a note whose packet never reached
 * tc, or one that native XDP's batches overwrote, is never taken for another packet's: tc drops
 * it, counted in `stale`.
 */
#define XGW_NOTE_PRINT 24

struct xgw_xdp_note {
	__u32 ifindex; /* 0: no note */
	__u32 _pad;
	__u8 print[XGW_NOTE_PRINT];
	struct xgw_xdp_meta meta;
	__u64 taken; /* notes tc ingress applied */
	__u64 stale; /* notes tc ingress found for another packet, and dropped */
};
