/* XDP forwarding offload: the outcomes counted per packet that reached the offload. */
#pragma once
#include <linux/types.h>

/*
 * After "forwarded", the order follows the kernel's BPF_FIB_LKUP_RET_* codes
 * 1..9 (blackhole .. no-src-addr), so a code maps to XGW_FWD_BLACKHOLE + code - 1.
 */
#define XGW_FWD_RESULTS(X)                                 \
	X(FORWARDED, "forwarded")                          \
	X(BLACKHOLE, "blackhole")                          \
	X(UNREACHABLE, "unreachable")                      \
	X(PROHIBIT, "prohibit")                            \
	X(NOT_FWDED, "not-forwarded")                      \
	X(FWD_DISABLED, "forwarding-disabled")             \
	X(UNSUPP_LWT, "needs-encapsulation")               \
	X(NO_NEIGH, "no-neighbour")                        \
	X(FRAG_NEEDED, "frag-needed")                      \
	X(NO_SRC_ADDR, "no-source-address")                \
	X(NOT_IP, "not-ip")                                \
	X(L2_OTHER, "vlan-or-multicast")                   \
	X(TTL_EXPIRED, "ttl-expired")                      \
	X(IP_OPTIONS, "ip-options")                        \
	X(EGRESS_NOT_OFFLOADED, "egress-not-offloaded")    \
	X(LOOKUP_ERROR, "lookup-error")                    \
	X(MARK_UNSUPPORTED, "mark-unsupported")            \
	X(DENIED_AT_EGRESS, "denied-at-egress")                \
	X(NOT_XDP_READY, "egress-not-xdp-ready")           \
	X(TX_VIA_TC, "xdp-tx-via-tc")                      \
	X(AGGREGATE_BY_TC, "aggregate-forwarded-by-tc")

enum xgw_fwd_result {
#define XGW_FWD_ENUM(id, name) XGW_FWD_##id,
	XGW_FWD_RESULTS(XGW_FWD_ENUM)
#undef XGW_FWD_ENUM
	XGW_FWD__MAX,
};

/* Room for outcomes added later without changing the map's size. */
#define XGW_FWD_SLOTS 32
