/*
 * Fragments: only a datagram's first fragment carries ports, so the data path remembers what
 * it decided for the first (the verdict, and the addresses NAT gave it) under the datagram's
 * identity, and gives every later fragment the same. One entry per datagram and hook.
 */
#pragma once
#include <linux/types.h>
#include <xgw/abi/sizes.h>

/* Long enough for every fragment of a datagram to arrive, far shorter than ID reuse. */
#define XGW_FRAG_LIFETIME_NS (10ULL * 1000000000ULL)

struct xgw_frag_key {
	__u32 src[4]; /* as the hook first saw the datagram, before NAT; IPv4 in [0] */
	__u32 dst[4];
	__u32 id;     /* IPv4 ID (16 bits) or IPv6 fragment identification */
	__u8 proto;
	__u8 hook;    /* enum xgw_nat_hook: the same datagram passes ingress and egress */
	__u16 _pad;
};

enum xgw_frag_flags {
	XGW_FRAG_ALLOW = 1 << 0,   /* the first fragment went on; else it was dropped */
	XGW_FRAG_NAT_SRC = 1 << 1, /* NAT rewrote its source to saddr */
	XGW_FRAG_NAT_DST = 1 << 2, /* NAT rewrote its destination to daddr */
};

struct xgw_frag_state {
	__u64 expires_ns;
	__u32 saddr;
	__u32 daddr;
	__u32 flags; /* enum xgw_frag_flags */
	__u32 _pad;
};
