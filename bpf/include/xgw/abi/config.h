/* Run-time settings the loader writes and the data path reads on every packet. */
#pragma once
#include <linux/types.h>

/* Bumped whenever a pinned map's layout or meaning changes. */
#define XGW_ABI_VERSION 6
#define XGW_MAGIC 0x78677721 /* "xgw!" */

enum xgw_malformed_policy {
	XGW_MALFORMED_DROP = 0,
	XGW_MALFORMED_PASS = 1,
};

struct xgw_config {
	__u32 malformed_policy; /* enum xgw_malformed_policy */
	__u32 _pad;
};

/* Written once when the pinned state is created; later runs refuse a mismatch. */
struct xgw_meta {
	__u32 magic;
	__u32 abi_version;
};

enum xgw_xdp_mode {
	XGW_MODE_NATIVE = 1,
	XGW_MODE_GENERIC = 2,
};

#define XGW_IFNAMSIZ 16

enum xgw_iface_flags {
	XGW_IFACE_ACCT_ONLY = 1 << 0, /* programs loaded to count and pass, nothing else */
	/*
	 * A veth: a frame native XDP sends into it (XDP_TX out of it, a redirect to it) reaches
	 * the peer only if the peer runs XDP or has GRO on, else the driver drops it (counted
	 * xdp_tx_errors); xgw does not count on the peer and sends those frames another way.
	 */
	XGW_IFACE_VETH = 1 << 1,
	/* An L3 link (tun, ppp): packets start with their IP header; the programs' L3 variant. */
	XGW_IFACE_L3 = 1 << 2,
};

/* What xgw attached to an interface, so detach undoes exactly that. */
struct xgw_iface {
	char name[XGW_IFNAMSIZ];
	__u32 ifindex;
	__u32 xdp_mode;    /* enum xgw_xdp_mode */
	__u32 tc_created;  /* 1 when xgw created the clsact qdisc */
	__u32 flags;       /* enum xgw_iface_flags */
};
