/*
 * IPv4 NAT: the rules (two generations, switched with the firewall's) and the bindings, one
 * entry per direction of a translated flow, each saying how to rewrite the packets that
 * match its key at the hook that looks it up.
 */
#pragma once
#include <linux/types.h>
#include <xgw/abi/sizes.h>

#define XGW_NAT_MAX_RULES 256
/* Candidate ports tried for a new binding before it counts as exhausted. */
#define XGW_NAT_PORT_TRIES 32

enum xgw_nat_kind {
	XGW_NAT_MASQUERADE = 1, /* source becomes the outgoing interface's address */
	XGW_NAT_SNAT = 2,       /* source becomes one of addr_lo..addr_hi */
	XGW_NAT_REDIRECT_PORT = 3,
	XGW_NAT_REDIRECT_ADDR = 4,
};

/* Addresses and ports in network order; port ranges inclusive, 0-0 means "keep the port". */
struct xgw_nat_rule {
	__u32 kind;         /* enum xgw_nat_kind */
	__u32 ifindex;      /* masquerade/snat: the outgoing interface; redirects: 0 = any */
	__u32 match_addr;   /* masquerade/snat: the sources translated (from CIDR) */
	__u32 match_mask;
	__u32 addr_lo;      /* snat: the range; redirects: the inside address */
	__u32 addr_hi;
	__u32 public_addr;  /* redirects: the public address (0: any, on ifindex) */
	__u16 port_lo;      /* host order; snat: source ports; redirect-port: inside ports */
	__u16 port_hi;
	__u16 public_port_lo; /* host order; redirect-port */
	__u16 public_port_hi;
	__u8 proto;         /* redirect-port: IPPROTO_TCP or IPPROTO_UDP */
	__u8 _pad[3];
};

/* Rules of one generation, in order; the generation is the firewall's (xgw_fw_ctl.gen). */
struct xgw_nat_gen {
	__u32 nrules;
	__u32 _pad;
};

enum xgw_nat_hook {
	XGW_NAT_AT_INGRESS = 0, /* XDP, before the firewall */
	XGW_NAT_AT_EGRESS = 1,  /* tc, after the firewall */
};

/*
 * A packet as one hook sees it: ports for TCP and UDP, the echo identifier in both ports for
 * ICMP, none for other protocols. No interface: the addresses and ports alone are unique.
 */
struct xgw_nat_key {
	__u32 saddr;
	__u32 daddr;
	__u16 sport;
	__u16 dport;
	__u8 proto;
	__u8 hook; /* enum xgw_nat_hook */
	__u16 _pad;
};

enum xgw_nat_binding_flags {
	XGW_NAT_B_SRC = 1 << 0,  /* rewrite the source to saddr:sport */
	XGW_NAT_B_DST = 1 << 1,  /* rewrite the destination to daddr:dport (both: hairpin) */
	XGW_NAT_B_ORIG = 1 << 2, /* this entry is the direction that made the binding */
};

struct xgw_nat_binding {
	__u64 expires_ns;   /* bpf_ktime_get_boot_ns() after which it is gone */
	__u64 packets;
	__u64 bytes;
	struct xgw_nat_key peer; /* the other direction's entry */
	__u32 saddr;        /* the new source (XGW_NAT_B_SRC) */
	__u32 daddr;        /* the new destination (XGW_NAT_B_DST) */
	__u16 sport;        /* network order, as the addresses */
	__u16 dport;
	__u8 flags;         /* enum xgw_nat_binding_flags */
	__u8 seen;          /* TCP: enum xgw_flow_seen, as the flow table */
	__u16 rule;         /* index of the rule that made it, in its generation */
};

/* Timeouts in seconds (`xgw nat set NAME SECONDS`). */
#define XGW_NAT_TIMEOUTS(X)                              \
	X(TCP_SYN, "tcp-syn", 120)                       \
	X(TCP_ESTABLISHED, "tcp-established", 7440)      \
	X(TCP_CLOSING, "tcp-closing", 60)                \
	X(UDP, "udp", 60)                                \
	X(ICMP, "icmp", 30)                              \
	X(OTHER, "other", 600)

enum xgw_nat_timeout {
#define XGW_NAT_TIMEOUT_ENUM(id, name, secs) XGW_NAT_T_##id,
	XGW_NAT_TIMEOUTS(XGW_NAT_TIMEOUT_ENUM)
#undef XGW_NAT_TIMEOUT_ENUM
	XGW_NAT_T__MAX,
};

struct xgw_nat_config {
	__u32 timeout[8]; /* seconds by enum xgw_nat_timeout; 0: the default */
	__u16 port_lo;    /* host order; source ports of masquerade/snat without a range */
	__u16 port_hi;    /* 0-0: the default 1024-65535 */
	__u32 active;     /* set with the first NAT rule, cleared by `xgw nat flush`: bindings
			     translate until they expire, whatever the rules became since */
};

/*
 * The IPv4 addresses of one interface, as masquerade and hairpin pick them when routing
 * cannot (forwarding off, or policy routing sent the packet out of an interface the main
 * table does not): in the kernel's order, primaries first, link- and host-scope ones left
 * out. Kept by libxgw from netlink (install, attach, `fw me --follow`).
 */
#define XGW_NAT_IFADDRS 8
#define XGW_NAT_MAX_IFACES 256
struct xgw_nat_ifaddrs {
	__u32 count;
	__u32 addr[XGW_NAT_IFADDRS]; /* network order */
	__u32 mask[XGW_NAT_IFADDRS]; /* network order */
};

#define XGW_NAT_DEFAULT_PORT_LO 1024
#define XGW_NAT_DEFAULT_PORT_HI 65535

#define XGW_NAT_STATS(X)                                 \
	X(TRANSLATED, "translated")                      \
	X(CREATED, "created")                            \
	X(EXPIRED, "expired")                            \
	X(EXHAUSTED, "ports-exhausted")                  \
	X(NO_ADDRESS, "no-address")                      \
	X(ICMP_ERROR, "icmp-error-translated")           \
	X(ICMP_ERROR_UNKNOWN, "icmp-error-unknown")      \
	X(FRAGMENT, "fragment-dropped")                  \
	X(FRAGMENT_FOLLOWED, "fragment-followed")        \
	X(CONFLICT, "binding-conflict")                  \
	X(HAIRPIN, "hairpin-sent")                       \
	X(HAIRPIN_NO_NEIGH, "hairpin-no-neighbour")

enum xgw_nat_stat {
#define XGW_NAT_STAT_ENUM(id, name) XGW_NAT_STAT_##id,
	XGW_NAT_STATS(XGW_NAT_STAT_ENUM)
#undef XGW_NAT_STAT_ENUM
	XGW_NAT_STAT__MAX,
};
