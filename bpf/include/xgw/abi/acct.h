/*
 * IP accounting tables, shared by the data path and libxgw. Every counter
 * exists in two generations; the data path writes the one named by
 * xgw_acct_ctl.gen, so user space can retire a generation, wait out the
 * programs still using it, and read and zero it without losing an increment.
 */
#pragma once
#include <linux/types.h>
#include <xgw/abi/stats.h>

#define XGW_ACCT_GENS 2
#define XGW_ACCT_MAX_NETS 4096   /* accounted CIDRs per family */
#define XGW_ACCT_MAX_HOSTS 16384 /* host counters per generation */
#define XGW_ACCT_MAX_PORTS 1024  /* accounted (protocol, port) pairs */
#define XGW_ACCT_FAMILIES 2      /* IPv4, IPv6 */

/* What xgw_acct_ctl.flags switches on. */
enum xgw_acct_flags {
	XGW_ACCT_HOSTS = 1 << 0,    /* per-host counters for the CIDRs in xgw_acct_nets4/6 */
	XGW_ACCT_PORTS = 1 << 1,    /* per-port counters for the ports in xgw_acct_pslot */
	XGW_ACCT_PROTOS = 1 << 2,   /* per-IP-protocol counters */
	XGW_ACCT_ICMP = 1 << 3,     /* per-ICMP/ICMPv6-type counters */
	XGW_ACCT_L2_BYTES = 1 << 4, /* count frame length instead of IP datagram length */
};

struct xgw_acct_ctl {
	__u32 gen;   /* the generation the data path writes: 0 or 1 */
	__u32 flags; /* enum xgw_acct_flags */
};

/* The host or port as the packet's source or as its destination. */
enum xgw_acct_role {
	XGW_ACCT_SRC = 0,
	XGW_ACCT_DST = 1,
	XGW_ACCT_ROLE__MAX,
};

/* Index of a family in the protocol and ICMP tables. */
enum xgw_acct_family {
	XGW_ACCT_IPV4 = 0,
	XGW_ACCT_IPV6 = 1,
};

/* Host and port counters: [hook direction][role]. */
struct xgw_acct_stats {
	struct xgw_counter c[XGW_DIR__MAX][XGW_ACCT_ROLE__MAX];
};

/* Protocol and ICMP-type counters: [hook direction]. */
struct xgw_acct_dir_stats {
	struct xgw_counter c[XGW_DIR__MAX];
};

/* LPM keys of the accounted networks; the value is unused (__u32 1). */
struct xgw_acct_net4_key {
	__u32 prefixlen;
	__u32 addr; /* network order */
};

struct xgw_acct_net6_key {
	__u32 prefixlen;
	__u32 addr[4]; /* network order */
};

struct xgw_acct_host_key {
	__u32 addr[4]; /* network order; IPv4 in addr[0], the rest zero */
	__u8 family;   /* enum xgw_acct_family */
	__u8 gen;
	__u16 _pad;
};

/* Index of an accounted port in xgw_acct_pslot: protocol index then port. */
enum xgw_acct_port_proto {
	XGW_ACCT_PORT_TCP = 0,
	XGW_ACCT_PORT_UDP = 1,
	XGW_ACCT_PORT_PROTOS = 2,
};

#define XGW_ACCT_PSLOT_KEY(proto_idx, port) (((proto_idx) << 16) | (port))

/* Indexes into the per-generation arrays. */
#define XGW_ACCT_PORT_IDX(gen, slot) ((gen) * XGW_ACCT_MAX_PORTS + (slot))
#define XGW_ACCT_PROTO_IDX(gen, fam, proto) (((gen) * XGW_ACCT_FAMILIES + (fam)) * 256 + (proto))
