/* The flow table: dynamic state that keep-state rules create and check-state rules match. */
#pragma once
#include <linux/types.h>
#include <xgw/abi/sizes.h>


/* Both directions of a flow fold onto one key: the lower endpoint comes first. */
struct xgw_flow_key {
	__u32 lo_addr[4]; /* IPv4 in [0] */
	__u32 hi_addr[4];
	__u16 lo_port;    /* network order; the ICMP echo identifier for both on ICMP */
	__u16 hi_port;
	__u8 proto;
	__u8 v6;
	__u16 _pad;
};

enum xgw_flow_seen {
	XGW_FLOW_SYN_FWD = 1 << 0, /* seen from the flow's initiator */
	XGW_FLOW_SYN_REV = 1 << 1, /* seen from the responder */
	XGW_FLOW_FIN_FWD = 1 << 2,
	XGW_FLOW_FIN_REV = 1 << 3,
	XGW_FLOW_RST = 1 << 4,
};

struct xgw_flow {
	__u64 expires_ns;   /* bpf_ktime_get_boot_ns() after which the flow is gone */
	__u64 packets[2];   /* [0] from the initiator, [1] from the responder */
	__u64 bytes[2];
	__u32 rule_counter; /* counter slot of the keep-state rule that made it */
	__u16 rule_number;
	__u8 seen;          /* enum xgw_flow_seen */
	__u8 init_is_lo;    /* the initiator is the key's lower endpoint */
};

/* Lifetimes in seconds, as ipfw's net.inet.ip.fw.dyn_*_lifetime; `xgw fw set` changes them. */
#define XGW_CT_LIFETIMES(X)                              \
	X(SYN, "dyn_syn_lifetime", 20)                   \
	X(ACK, "dyn_ack_lifetime", 300)                  \
	X(FIN, "dyn_fin_lifetime", 1)                    \
	X(RST, "dyn_rst_lifetime", 1)                    \
	X(UDP, "dyn_udp_lifetime", 10)                   \
	X(SHORT, "dyn_short_lifetime", 5)

enum xgw_ct_lifetime {
#define XGW_CT_LIFETIME_ENUM(id, name, secs) XGW_CT_##id,
	XGW_CT_LIFETIMES(XGW_CT_LIFETIME_ENUM)
#undef XGW_CT_LIFETIME_ENUM
	XGW_CT__MAX,
};

struct xgw_ct_config {
	__u32 lifetime[8]; /* seconds, by enum xgw_ct_lifetime; 0 means the default */
};

/*
 * evicted: a new flow found the table full and the kernel's LRU dropped the least recently
 * used flow for it; create-failed: the table could not take the flow at all (table full and
 * nothing to evict), the packet passes without one; unowned-packets: packets a flow let through
 * whose keep-state rule is no longer in force, so that no rule counted them.
 */
#define XGW_CT_STATS(X)                      \
	X(CREATED, "created")                \
	X(EXPIRED, "expired")                \
	X(CREATE_FAILED, "create-failed")      \
	X(RELATED, "related-icmp-error")     \
	X(EVICTED, "evicted")                \
	X(UNOWNED, "unowned-packets")

enum xgw_ct_stat {
#define XGW_CT_STAT_ENUM(id, name) XGW_CT_STAT_##id,
	XGW_CT_STATS(XGW_CT_STAT_ENUM)
#undef XGW_CT_STAT_ENUM
	XGW_CT_STAT__MAX,
};
