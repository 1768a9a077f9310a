/* Per-interface counters written by the data path and summed by libxgw. */
#pragma once
#include <linux/types.h>

enum xgw_dir {
	XGW_DIR_INGRESS = 0, /* XDP */
	XGW_DIR_EGRESS = 1,  /* tc clsact egress */
	XGW_DIR__MAX,
};

/* What the program returned, folded across XDP and tc return codes. */
#define XGW_VERDICTS(X)                \
	X(PASS, "pass")                \
	X(DROP, "drop")                \
	X(TX, "tx")                    \
	X(REDIRECT, "redirect")        \
	X(ABORTED, "aborted")

enum xgw_verdict {
#define XGW_VERDICT_ENUM(id, name) XGW_VERDICT_##id,
	XGW_VERDICTS(XGW_VERDICT_ENUM)
#undef XGW_VERDICT_ENUM
	XGW_VERDICT__MAX,
};

/*
 * Why a packet is malformed. Every way the parser can refuse a packet has
 * its own counter; the malformed policy (config) decides drop or pass.
 */
#define XGW_REASONS(X)                                \
	X(NONE, "none")                               \
	X(ETH_TRUNC, "eth-truncated")                 \
	X(VLAN_TRUNC, "vlan-truncated")               \
	X(VLAN_TOO_MANY, "vlan-too-many-tags")        \
	X(IP4_TRUNC, "ip4-truncated")                 \
	X(IP4_BAD_VERSION, "ip4-bad-version")         \
	X(IP4_BAD_IHL, "ip4-bad-ihl")                 \
	X(IP4_OPT_TRUNC, "ip4-options-truncated")     \
	X(IP4_BAD_TOTLEN, "ip4-bad-total-length")     \
	X(IP6_TRUNC, "ip6-truncated")                 \
	X(IP6_BAD_VERSION, "ip6-bad-version")         \
	X(IP6_BAD_PAYLEN, "ip6-bad-payload-length")   \
	X(IP6_EXT_TRUNC, "ip6-ext-truncated")         \
	X(IP6_EXT_TOO_MANY, "ip6-too-many-ext")       \
	X(TCP_TRUNC, "tcp-truncated")                 \
	X(TCP_BAD_DOFF, "tcp-bad-data-offset")        \
	X(TCP_OPT_TRUNC, "tcp-options-truncated")     \
	X(UDP_TRUNC, "udp-truncated")                 \
	X(UDP_BAD_LEN, "udp-bad-length")              \
	X(ICMP_TRUNC, "icmp-truncated")               \
	X(ICMP6_TRUNC, "icmp6-truncated")             \
	X(AOE_TRUNC, "aoe-truncated")                 \
	X(AOE_BAD_VERSION, "aoe-bad-version")         \
	X(AOE_BAD_COMMAND, "aoe-bad-command")         \
	X(AOE_ARGS_TRUNC, "aoe-args-truncated")       \
	X(AOE_WRITE_SHORT, "aoe-write-data-short")   \
	X(SCTP_TRUNC, "sctp-truncated")

enum xgw_reason {
#define XGW_REASON_ENUM(id, name) XGW_REASON_##id,
	XGW_REASONS(XGW_REASON_ENUM)
#undef XGW_REASON_ENUM
	XGW_REASON__MAX,
};

/* Room for reasons added later without changing the map's value size. */
#define XGW_REASON_SLOTS 32

struct xgw_counter {
	__u64 packets;
	__u64 bytes; /* whole frame as the hook sees it (L2 on both hooks) */
};

struct xgw_stats_key {
	__u32 ifindex;
	__u32 dir; /* enum xgw_dir */
};

struct xgw_if_stats {
	struct xgw_counter verdict[XGW_VERDICT__MAX];
	__u64 reason[XGW_REASON_SLOTS];
};
