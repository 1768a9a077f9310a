/*
 * The firewall's compiled form: per-field lookup tables that each yield a rule bitset, the
 * rules' actions, and their counters. Two generations exist; one index says which is live.
 */
#pragma once
#include <linux/types.h>
#include <xgw/abi/sizes.h>

/* Rules per direction in one generation; a bitset has one bit per rule. */
#define XGW_FW_MAX_RULES 16384
#define XGW_FW_WORDS (XGW_FW_MAX_RULES / 64)
/* One summary bit per bitset word (aggregated bit vectors). */
#define XGW_FW_SUMMARY_WORDS (XGW_FW_WORDS / 64)
/*
 * Distinct bitsets the two generations may hold, across fields and directions (half each).
 * Only the compiler's cap: a generation's bitset map is made for its ruleset, and its memory
 * (about 2 KB a bitset) is checked against the budget before it is made. Realistic 10k-rule
 * rulesets (overlapping prefixes and port ranges) need about 20,000
 * (scripts/bench/ruleset_size.sh).
 */
#define XGW_FW_MAX_BITSETS 131072
/*
 * Rule counter slots in use at once: the live ruleset's, the new one's (a new generation never
 * reuses a live rule's slot) and the default rule's. A hash's bucket array is sized by this.
 */
#define XGW_FW_COUNTER_SLOTS (2 * XGW_FW_MAX_RULES)
#define XGW_FW_GENERATIONS 2
#define XGW_FW_NO_PORT 65536 /* the port index of packets without ports */
#define XGW_FW_PORT_SLOTS 65537
#define XGW_FW_NOT_TCP 256   /* the flags index of packets that are not TCP */
#define XGW_FW_LATER_FRAG 257 /* the flags index of non-first fragments */
#define XGW_FW_FLAG_SLOTS 258
#define XGW_FW_NOT_ICMP 256
#define XGW_FW_ICMP_SLOTS 257
/* Named address tables (`table(NAME)`), and the per-packet tests rules make of them. */
#define XGW_FW_MAX_TABLES 128
#define XGW_FW_TABLE_NAME 32
#define XGW_FW_TABLE_ME (XGW_FW_MAX_TABLES - 1)  /* `me`: every address of this host */
#define XGW_FW_TABLE_ME6 (XGW_FW_MAX_TABLES - 2) /* `me6`: its IPv6 addresses */
#define XGW_FW_USER_TABLES (XGW_FW_MAX_TABLES - 2)
#define XGW_FW_TESTS 8             /* distinct (table, source|destination) tests per direction */
/* One more bit of the mask: the packet came through an SA (ipsec rules need one). */
#define XGW_FW_TEST_SA (1 << XGW_FW_TESTS)
#define XGW_FW_TEST_SLOTS (1 << (XGW_FW_TESTS + 1))

/* The fields a packet is classified on; each gives one bitset. */
enum xgw_fw_field {
	XGW_FW_F_SRC,
	XGW_FW_F_DST,
	XGW_FW_F_SPORT,
	XGW_FW_F_DPORT,
	XGW_FW_F_PROTO,
	XGW_FW_F_IFACE,
	XGW_FW_F_FLAGS,
	XGW_FW_F_ICMP,
	XGW_FW_F_RECV, /* egress: the interface a forwarded packet came in on */
	XGW_FW_F_TESTS, /* the packet's answers to the direction's table tests (and SA), as a mask */
	XGW_FW_F__MAX,
};

struct xgw_fw_bitset {
	__u64 summary[XGW_FW_SUMMARY_WORDS]; /* bit w set: words[w] is not zero */
	__u64 words[XGW_FW_WORDS];           /* bit r set: rule r matches */
};

/* Lookup keys: generation and direction lead, so one map serves all four classifiers. */
/*
 * Key of xgw_fw_logged: a counter slot at full prefix length. A trie, not an array or a hash,
 * because it allocates per entry and has no bucket array: only log rules' slots cost memory.
 */
struct xgw_fw_logged_key {
	__u32 prefixlen; /* always 32 */
	__u32 slot;
};

struct xgw_fw_lpm4_key {
	__u32 prefixlen; /* 8 + address prefix length */
	__u8 gen_dir;    /* gen << 1 | dir */
	__u8 addr[4];
};

struct xgw_fw_lpm6_key {
	__u32 prefixlen;
	__u8 gen_dir;
	__u8 addr[16];
};

struct xgw_fw_iface_key {
	__u32 gen_dir; /* | XGW_FW_RECV_TABLE for the egress recv table */
	__u32 ifindex;
};

#define XGW_FW_RECV_TABLE 4

/* A prefix of table slot `table`; the value is 1. */
struct xgw_fw_table4_key {
	__u32 prefixlen; /* 8 + address prefix length */
	__u8 table;
	__u8 addr[4];
};

struct xgw_fw_table6_key {
	__u32 prefixlen;
	__u8 table;
	__u8 addr[16];
};

/* The registry of table names (user space only): name -> slot. */
struct xgw_fw_table_name {
	char name[XGW_FW_TABLE_NAME];
};

enum xgw_fw_action {
	XGW_FW_ALLOW,
	XGW_FW_DENY,
	XGW_FW_REJECT,
	XGW_FW_UNREACH,
	XGW_FW_COUNT,
	XGW_FW_SKIPTO,
	XGW_FW_CHECK_STATE,
	XGW_FW_SETMARK, /* setmark and setfib: the packet's mark changes, the walk goes on */
	XGW_FW_FWD,     /* allow, through the FIB to the next hop of slot arg */
};

/*
 * The packet mark bits xgw owns: setfib's table index in bits 24-30 (`ip rule fwmark
 * INDEX<<24/0x7f000000 lookup TABLE`, made by xgw), and bit 31 on a packet xgw has sent to a
 * `fwd` next hop, so the egress rules do not forward it again. setmark keeps to bits 0-23.
 */
#define XGW_MARK_FIB_SHIFT 24
#define XGW_MARK_FIB_MASK 0x7f000000u
#define XGW_MARK_FWD_DONE 0x80000000u
#define XGW_MARK_USER_MASK 0x00ffffffu
#define XGW_FW_MAX_NEXTHOPS 1024 /* distinct fwd addresses per generation */
#define XGW_FW_MAX_IPSEC 256     /* ipsec options per generation */

enum xgw_fw_rule_flags {
	XGW_FW_R_LOG = 1 << 0,
	XGW_FW_R_KEEP_STATE = 1 << 1,
	XGW_FW_R_CHECKS_STATE = 1 << 2, /* check-state or keep-state: a probe of the flow table */
	XGW_FW_R_IPSEC = 1 << 3,        /* matches only if the packet's SA fits ipsec slot `ipsec` */
};

struct xgw_fw_rule {
	__u16 number;
	__u8 action; /* enum xgw_fw_action */
	__u8 flags;  /* enum xgw_fw_rule_flags */
	__u32 arg;   /* skipto: the first rule index to go on from; unreach: the code;
		      * setmark: the value; fwd: the next hop's slot */
	__u32 counter;
	__u32 log_amount; /* 0: no per-rule limit */
	__u32 mask;       /* setmark: the bits it sets */
	__u32 ipsec;      /* with XGW_FW_R_IPSEC: the slot of its ipsec option */
};

/* A `fwd` next hop; slot = generation * XGW_FW_MAX_NEXTHOPS + index. */
struct xgw_fw_nexthop {
	__u32 addr[4]; /* network order; IPv4 in addr[0] */
	__u32 v6;
};

/* What the inbound SA of a decrypted packet says (tc ingress only). */
struct xgw_fw_xfrm {
	__u32 spi; /* network order */
	__u32 reqid;
	__u32 v6;
	__u32 remote[4];
};

enum xgw_fw_ipsec_fields {
	XGW_FW_IPSEC_SPI = 1 << 0,
	XGW_FW_IPSEC_REQID = 1 << 1,
	XGW_FW_IPSEC_SRC = 1 << 2, /* tunnel-src: the SA's remote address in src/src_len */
	XGW_FW_IPSEC_SRC6 = 1 << 3,
};

/* An ipsec option as the data path tests it against the packet's inbound SA. */
struct xgw_fw_ipsec {
	__u32 fields; /* enum xgw_fw_ipsec_fields */
	__u32 spi;    /* network order, as bpf_xfrm_state has it */
	__u32 reqid;
	__u32 src_len;
	__u32 src[4]; /* network order */
};


/* One generation's header, per direction. */
struct xgw_fw_gen_dir {
	__u32 nrules;
	__u32 fields_used;                  /* bit f: field f has a non-trivial table */
	__u32 any_iface_bitset;             /* interfaces no rule names */
	__u32 any_recv_bitset;              /* egress: input interfaces no recv rule names */
	__u32 probe_bitset;      /* rules that look the flow up when reached: check-state, keep-state */
	__u32 probe_only_bitset; /* probes with no body here: check-state, the other direction's
				  * keep-state rules; never candidates without a flow */
	__u8 ntests;                        /* table tests the direction's rules make */
	__u8 test_dst;                      /* bit k: test k looks the destination up */
	__u8 test_table[XGW_FW_TESTS];      /* bit k of the packet's mask: in this table slot */
	__u8 _pad[6];
};

struct xgw_fw_gen {
	struct xgw_fw_gen_dir dir[2]; /* enum xgw_dir */
	__u32 default_action;         /* XGW_FW_ALLOW or XGW_FW_DENY: rule 65535 */
	__u32 default_counter;
	__u32 source_len;             /* bytes of the stored ruleset document */
	__u32 has_state;              /* some rule keeps or checks state: look flows up */
};

/* The switch the loader flips; the data path reads it once per packet. */
struct xgw_fw_ctl {
	__u32 enabled; /* 0: no ruleset or policy set yet, everything passes unclassified */
	__u32 gen;     /* the live generation */
	__u32 pending; /* the live generation awaits `xgw fw confirm`, else it rolls back */
	__u32 token;   /* changes with every install, so a stale watchdog does nothing */
	/*
	 * The next counter slot to hand out. Slots only count up (wrapping after 2^32), so a slot
	 * a flow still names is never given to another rule: the flow of a rule no longer in
	 * force finds no counter and counts on none.
	 */
	__u32 next_slot;
};

/*
 * A packet's walk through the rules, advanced one bpf_loop step at a time. It lives in a
 * per-CPU map value, not on the stack: the verifier then sees its fields as unknown scalars
 * and checks a step once instead of once per value the walk could take. After a run it also
 * tells which rule decided, which `xgw fw check` reads.
 */
struct xgw_fw_walk {
	__u64 sum;      /* summary bits of candidate words left in summary word s */
	__u64 bytes;    /* what the rule counters add: the IP datagram length */
	__u32 s;
	__u32 start;    /* rules below this index are behind us */
	__u32 nrules;
	__u32 gen_dir;
	__u32 refill;   /* sum must be loaded from summary word s first */
	__s32 verdict;  /* -1 until a rule decides */
	__u32 rule;     /* index of the last rule taken, XGW_FW_DEFAULT_RULE for the default */
	__u32 dry_run;  /* set by `xgw fw check` in its private copy: count nothing */
	__u32 flow_hit; /* the packet belongs to a live flow (check-state lets it pass) */
	__u32 by_state; /* the verdict came from the flow, not from a rule's own match */
	__u32 create_flow; /* the deciding keep-state rule wants a flow made */
	__u32 mark;      /* what setmark/setfib rules set, in the bits of mark_mask */
	__u32 mark_mask;
	__u32 nexthop;   /* fwd: 1 + the next hop's slot; 0: none */
	__u32 ifindex;   /* the direction's interface (in on ingress, out on egress) */
	__u32 in_ifindex; /* where the packet came in (0: this host's own) */
	__u32 has_sa;    /* tc ingress: an inbound SA decrypted the packet, sa says which */
	struct xgw_fw_xfrm sa;
	/* keys of lookups made during the walk: here, not on the full stack */
	struct xgw_fw_logged_key log_key;
	__u32 rule_key;
};

#define XGW_FW_DEFAULT_RULE 0xffffffff

#define XGW_FW_SOURCE_CHUNKS 1024
#define XGW_FW_CHUNK_SIZE 4096

struct xgw_fw_chunk_key {
	__u32 gen;
	__u32 index;
};

struct xgw_fw_chunk {
	char data[XGW_FW_CHUNK_SIZE];
};

/* One `log` rule match, sent to user space through the xgw_fw_log ring buffer. */
struct xgw_fw_log_event {
	__u64 boot_ns;
	__u32 src[4];
	__u32 dst[4];
	__u32 ifindex;
	__u32 ip_len;
	__u16 rule_number;
	__be16 sport;
	__be16 dport;
	__u8 action; /* enum xgw_fw_action */
	__u8 dir;    /* enum xgw_dir */
	__u8 proto;
	__u8 v6;
	__u8 icmp_type;
	__u8 _pad[5];
};

/* What reject and unreach answered, and why a packet got no answer (counted, never silent). */
#define XGW_FW_REPLY_STATS(X)                                   \
	X(TCP_RST, "tcp-rst")                                   \
	X(ICMP, "icmp-unreach")                                 \
	X(ICMP6, "icmp6-unreach")                               \
	X(NOT_ICMP_ERROR, "not-answered-icmp-error")            \
	X(NOT_MULTICAST, "not-answered-broadcast-multicast")    \
	X(NOT_FRAGMENT, "not-answered-fragment")                \
	X(NOT_RST, "not-answered-tcp-rst")                      \
	X(FAILED, "failed")

enum xgw_fw_reply_stat {
#define XGW_FW_REPLY_ENUM(id, name) XGW_FW_REPLY_##id,
	XGW_FW_REPLY_STATS(XGW_FW_REPLY_ENUM)
#undef XGW_FW_REPLY_ENUM
	XGW_FW_REPLY__MAX,
};

#define XGW_FW_LOG_DEFAULT_AMOUNT 100 /* events per rule when the rule says no logamount */
#define XGW_FW_LOG_GLOBAL_PER_SEC 1000

#define XGW_FW_LOG_STATS(X)              \
	X(SENT, "sent")                  \
	X(RULE_LIMITED, "rule-limited")  \
	X(GLOBAL_LIMITED, "global-limited") \
	X(LOST, "lost")

enum xgw_fw_log_stat {
#define XGW_FW_LOG_STAT_ENUM(id, name) XGW_FW_LOG_##id,
	XGW_FW_LOG_STATS(XGW_FW_LOG_STAT_ENUM)
#undef XGW_FW_LOG_STAT_ENUM
	XGW_FW_LOG__MAX,
};

/* The global rate limit's window: events sent in the current second. */
struct xgw_fw_log_window {
	__u64 second;
	__u64 sent;
};

struct xgw_fw_counter {
	__u64 packets;
	__u64 bytes; /* IP datagram length */
	__u64 last_ns; /* bpf_ktime_get_boot_ns() of the last match */
};
