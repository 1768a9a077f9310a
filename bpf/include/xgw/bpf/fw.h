/*
 * Firewall classification without scanning rules: every field of the packet selects a rule
 * bitset, the bitsets are ANDed, and the lowest set bit is the first matching rule. Summary
 * words (one bit per bitset word) are ANDed first, so only words that can match are touched.
 */
#pragma once
#include <xgw/bpf/check.h>
#include <xgw/abi/fw.h>
#include <xgw/bpf/ct.h>
#include <xgw/bpf/maps.h>
#include <xgw/bpf/parse.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xgw_fw_ctl);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_fw_ctl SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XGW_FW_GENERATIONS);
	__type(key, __u32);
	__type(value, struct xgw_fw_gen);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_fw_gens SEC(".maps");

/*
 * A generation's bitsets and port images live in maps of their own, sized to its ruleset: the
 * loader makes them with the generation and puts them in slot gen of these before the switch.
 * BPF_F_INNER_MAP lets each generation's map have its own number of entries.
 */
#define XGW_FW_GEN_MAP_TYPE(name, value_type)                                  \
	struct name {                                                          \
		__uint(type, BPF_MAP_TYPE_ARRAY);                              \
		__uint(map_flags, BPF_F_INNER_MAP);                            \
		__uint(max_entries, 1);                                        \
		__type(key, __u32);                                            \
		__type(value, value_type);                                     \
	}

#define XGW_FW_GEN_MAPS(name, inner, slots)                                    \
	struct {                                                               \
		__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);                      \
		__uint(max_entries, slots);                                    \
		__type(key, __u32);                                            \
		__uint(pinning, LIBBPF_PIN_BY_NAME);                           \
		__array(values, struct inner);                                 \
	} name SEC(".maps")

XGW_FW_GEN_MAP_TYPE(xgw_fw_bitset_map, struct xgw_fw_bitset);
XGW_FW_GEN_MAP_TYPE(xgw_fw_port_map, __u32);
/*
 * A one-entry instance of the bitset map: clang 14 writes the BTF of an inner map's value
 * struct only as a forward declaration, which libbpf cannot size, unless a map of its own
 * names it.
 */
struct xgw_fw_bitset_map xgw_fw_bitset_btf SEC(".maps");
/* slots gen * 2 + dir: both hold generation gen's bitsets */
XGW_FW_GEN_MAPS(xgw_fw_bitsets, xgw_fw_bitset_map, 2 * XGW_FW_GENERATIONS);
XGW_FW_GEN_MAP_TYPE(xgw_fw_rule_map, struct xgw_fw_rule);
/* The same for the rule struct (see xgw_fw_bitset_btf). */
struct xgw_fw_rule_map xgw_fw_rule_btf SEC(".maps");
/* slot gen * 2 + dir: that direction's rules, as many entries as it has rules */
XGW_FW_GEN_MAPS(xgw_fw_rules, xgw_fw_rule_map, 2 * XGW_FW_GENERATIONS);
/* sport and dport of both directions, XGW_FW_PORT_IDX(dir, ...); one entry when unused */
XGW_FW_GEN_MAPS(xgw_fw_ports, xgw_fw_port_map, XGW_FW_GENERATIONS);

#define XGW_FW_LPM_MAP(name, keytype, entries)                 \
	struct {                                               \
		__uint(type, BPF_MAP_TYPE_LPM_TRIE);           \
		__uint(max_entries, entries);                  \
		__uint(map_flags, BPF_F_NO_PREALLOC);          \
		__type(key, struct keytype);                   \
		__type(value, __u32);                          \
		__uint(pinning, LIBBPF_PIN_BY_NAME);           \
	} name SEC(".maps")

XGW_FW_LPM_MAP(xgw_fw_src4, xgw_fw_lpm4_key, 4 * XGW_FW_MAX_RULES);
XGW_FW_LPM_MAP(xgw_fw_dst4, xgw_fw_lpm4_key, 4 * XGW_FW_MAX_RULES);
XGW_FW_LPM_MAP(xgw_fw_src6, xgw_fw_lpm6_key, 4 * XGW_FW_MAX_RULES);
XGW_FW_LPM_MAP(xgw_fw_dst6, xgw_fw_lpm6_key, 4 * XGW_FW_MAX_RULES);

/* Index helpers of the flat per-(generation, direction) tables below. */
#define XGW_FW_GEN_DIR(gen, dir) ((gen) * 2 + (dir))
#define XGW_FW_PORT_IDX(gd, which, port) (((gd) * 2 + (which)) * XGW_FW_PORT_SLOTS + (port))
#define XGW_FW_PROTO_IDX(gd, v6, proto) (((gd) * 2 + (v6)) * 256 + (proto))
#define XGW_FW_FLAGS_IDX(gd, slot) ((gd) * XGW_FW_FLAG_SLOTS + (slot))
#define XGW_FW_ICMP_IDX(gd, slot) ((gd) * XGW_FW_ICMP_SLOTS + (slot))

#define XGW_FW_ID_ARRAY(name, entries)                 \
	struct {                                       \
		__uint(type, BPF_MAP_TYPE_ARRAY);      \
		__uint(max_entries, entries);          \
		__type(key, __u32);                    \
		__type(value, __u32);                  \
		__uint(pinning, LIBBPF_PIN_BY_NAME);   \
	} name SEC(".maps")

XGW_FW_ID_ARRAY(xgw_fw_proto, 4 * 2 * 256);
XGW_FW_ID_ARRAY(xgw_fw_flags, 4 * XGW_FW_FLAG_SLOTS);
XGW_FW_ID_ARRAY(xgw_fw_icmp, 4 * XGW_FW_ICMP_SLOTS);
XGW_FW_ID_ARRAY(xgw_fw_tests, 4 * XGW_FW_TEST_SLOTS);

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XGW_FW_GENERATIONS * XGW_FW_MAX_NEXTHOPS);
	__type(key, __u32);
	__type(value, struct xgw_fw_nexthop);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_fw_nexthops SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XGW_FW_GENERATIONS * XGW_FW_MAX_IPSEC);
	__type(key, __u32);
	__type(value, struct xgw_fw_ipsec);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_fw_ipsec SEC(".maps");

/* Every table's prefixes, keyed by table slot: `xgw fw table` changes them, no ruleset does. */
XGW_FW_LPM_MAP(xgw_fw_table4, xgw_fw_table4_key, XGW_DEFAULT_TABLE_ENTRIES);
XGW_FW_LPM_MAP(xgw_fw_table6, xgw_fw_table6_key, XGW_DEFAULT_TABLE_ENTRIES);

/* Table name -> slot, kept for later xgw runs (user space only). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, XGW_FW_MAX_TABLES);
	__type(key, struct xgw_fw_table_name);
	__type(value, __u32);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_fw_tables SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 4 * XGW_MAX_IFACES);
	__type(key, struct xgw_fw_iface_key);
	__type(value, __u32);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_fw_iface SEC(".maps");

/*
 * Rule counters by slot: only the slots of the live ruleset and of the one kept for roll back
 * exist (the loader makes and removes them), so the map costs what the rulesets use. The data
 * path only looks slots up; a slot that is gone (a flow of a removed rule) is not counted.
 */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, XGW_FW_COUNTER_SLOTS);
	__type(key, __u32);
	__type(value, struct xgw_fw_counter);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_fw_counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, XGW_DEFAULT_LOG_RING);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_fw_log SEC(".maps");

/*
 * Events each log rule's counter slot has logged, against its logamount (`resetlog` zeroes it).
 * The loader makes the entries of log rules' slots and removes them with their counters.
 */
struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, XGW_FW_COUNTER_SLOTS);
	__type(key, struct xgw_fw_logged_key);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_fw_logged SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xgw_fw_log_window);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_fw_log_window SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XGW_FW_LOG__MAX);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_fw_log_stats SEC(".maps");

/*
 * The bitsets of one packet, one per field in use, and the flow-table probes: ipfw consults the
 * flow at the first check-state or keep-state rule the walk reaches, whatever that rule's body
 * says, so with a flow every probe is a candidate (hit all ones) and without one the probes that
 * have no body here are none.
 */
struct xgw_fw_cls {
	struct xgw_fw_bitset *field[XGW_FW_F__MAX];
	struct xgw_fw_bitset *probe;
	struct xgw_fw_bitset *probe_only;
	__u64 hit;
};

/*
 * Index of the lowest set bit of a non-zero word: a de Bruijn multiply and a table lookup,
 * with no branches, so the verifier does not fork a path per bit position.
 */
static const __u8 xgw_debruijn64[64] = {
	0,  1,  48, 2,  57, 49, 28, 3,  61, 58, 50, 42, 38, 29, 17, 4,
	62, 55, 59, 36, 53, 51, 43, 22, 45, 39, 33, 30, 24, 18, 12, 5,
	63, 47, 56, 27, 60, 41, 37, 16, 54, 35, 52, 21, 44, 32, 23, 11,
	46, 26, 40, 15, 34, 20, 31, 10, 25, 14, 19, 9,  13, 8,  7,  6,
};

static __always_inline __u32 xgw_ctz64(__u64 x)
{
	return xgw_debruijn64[((x & -x) * 0x03f79d71b4cb0a89ULL) >> 58];
}

/*
 * The bitset in the map of the walk's generation, looked up by w->gen_dir (both directions'
 * slots hold the generation's map). Out of line: inlined nine times, the two-step lookup took
 * xgw_fw_filter's frame over the combined stack limit.
 */
static __noinline struct xgw_fw_bitset *xgw_fw_bitset(const struct xgw_fw_walk *w,
						       const __u32 *id)
{
	void *bitsets;

	if (!id)
		return NULL;
	bitsets = bpf_map_lookup_elem(&xgw_fw_bitsets, &w->gen_dir);
	return bitsets ? bpf_map_lookup_elem(bitsets, id) : NULL;
}

static __always_inline const __u32 *xgw_fw_addr_id(const struct xgw_pkt *pkt, __u32 gd, int dst)
{
	const __u32 *addr = dst ? pkt->dst : pkt->src;

	if (pkt->l3_proto == ETH_P_IP) {
		struct xgw_fw_lpm4_key k = { .prefixlen = 8 + 32, .gen_dir = gd };

		__builtin_memcpy(k.addr, addr, 4);
		return bpf_map_lookup_elem(dst ? (void *)&xgw_fw_dst4 : (void *)&xgw_fw_src4, &k);
	} else {
		struct xgw_fw_lpm6_key k = { .prefixlen = 8 + 128, .gen_dir = gd };

		__builtin_memcpy(k.addr, addr, 16);
		return bpf_map_lookup_elem(dst ? (void *)&xgw_fw_dst6 : (void *)&xgw_fw_src6, &k);
	}
}

/* Whether the packet's source (dst: destination) is in table slot `table`. */
static __always_inline int xgw_fw_in_table(const struct xgw_pkt *pkt, __u8 table, int dst)
{
	const __u32 *addr = dst ? pkt->dst : pkt->src;

	if (pkt->l3_proto == ETH_P_IP) {
		struct xgw_fw_table4_key k = { .prefixlen = 8 + 32, .table = table };

		__builtin_memcpy(k.addr, addr, 4);
		return bpf_map_lookup_elem(&xgw_fw_table4, &k) != NULL;
	} else {
		struct xgw_fw_table6_key k = { .prefixlen = 8 + 128, .table = table };

		__builtin_memcpy(k.addr, addr, 16);
		return bpf_map_lookup_elem(&xgw_fw_table6, &k) != NULL;
	}
}

/*
 * The packet's answers to the direction's table tests: bit k set when test k holds. Out of
 * line, so its keys stay off the frame of xgw_fw_filter, which is on the deepest stack chain.
 */
static __noinline __u32 xgw_fw_test_mask(const struct xgw_pkt *pkt,
					 const struct xgw_fw_gen_dir *gdir)
{
	__u32 mask = 0;
	int k;

#pragma unroll
	for (k = 0; k < XGW_FW_TESTS; k++)
		if (k < gdir->ntests &&
		    xgw_fw_in_table(pkt, gdir->test_table[k], (gdir->test_dst >> k) & 1))
			mask |= 1u << k;
	return mask;
}

static __always_inline int xgw_pkt_has_ports(const struct xgw_pkt *pkt)
{
	return (pkt->flags & XGW_PKT_L4) &&
	       (pkt->l4_proto == IPPROTO_TCP || pkt->l4_proto == IPPROTO_UDP ||
		pkt->l4_proto == IPPROTO_SCTP);
}

/* Out of line, so its two keys stay off the frame of xgw_fw_filter (see xgw_fw_test_mask). */
static __noinline const __u32 *xgw_fw_port_id(__u32 gd, __u32 dport, __u32 port)
{
	__u32 gen = gd >> 1, idx = XGW_FW_PORT_IDX(gd & 1, dport, port);
	void *ports = bpf_map_lookup_elem(&xgw_fw_ports, &gen);

	return ports ? bpf_map_lookup_elem(ports, &idx) : NULL;
}

static __always_inline const __u32 *xgw_fw_lookup_field(const struct xgw_pkt *pkt, __u32 gd,
							const struct xgw_fw_gen_dir *gdir,
							const struct xgw_fw_walk *w, int field)
{
	int v6 = pkt->l3_proto == ETH_P_IPV6;
	__u32 idx;

	switch (field) {
	case XGW_FW_F_SRC:
		return xgw_fw_addr_id(pkt, gd, 0);
	case XGW_FW_F_DST:
		return xgw_fw_addr_id(pkt, gd, 1);
	case XGW_FW_F_SPORT:
	case XGW_FW_F_DPORT: {
		__u32 port = XGW_FW_NO_PORT;

		if (xgw_pkt_has_ports(pkt))
			port = bpf_ntohs(field == XGW_FW_F_SPORT ? pkt->sport : pkt->dport);
		return xgw_fw_port_id(gd, field == XGW_FW_F_DPORT, port);
	}
	case XGW_FW_F_PROTO:
		idx = XGW_FW_PROTO_IDX(gd, v6, pkt->l4_proto);
		return bpf_map_lookup_elem(&xgw_fw_proto, &idx);
	case XGW_FW_F_IFACE: {
		struct xgw_fw_iface_key k = { .gen_dir = gd, .ifindex = w->ifindex };
		const __u32 *id = bpf_map_lookup_elem(&xgw_fw_iface, &k);

		return id ? id : &gdir->any_iface_bitset;
	}
	case XGW_FW_F_TESTS:
		idx = gd * XGW_FW_TEST_SLOTS + (xgw_fw_test_mask(pkt, gdir) |
						 (w->has_sa ? XGW_FW_TEST_SA : 0));
		return bpf_map_lookup_elem(&xgw_fw_tests, &idx);
	case XGW_FW_F_RECV: {
		struct xgw_fw_iface_key k = { .gen_dir = gd | XGW_FW_RECV_TABLE,
					      .ifindex = w->in_ifindex };
		const __u32 *id = bpf_map_lookup_elem(&xgw_fw_iface, &k);

		return id ? id : &gdir->any_recv_bitset;
	}
	case XGW_FW_F_FLAGS: {
		__u32 slot = XGW_FW_NOT_TCP;

		if (pkt->flags & XGW_PKT_FRAG_LATER)
			slot = XGW_FW_LATER_FRAG;
		else if (pkt->l4_proto == IPPROTO_TCP && (pkt->flags & XGW_PKT_L4))
			slot = pkt->tcp_flags;
		idx = XGW_FW_FLAGS_IDX(gd, slot);
		return bpf_map_lookup_elem(&xgw_fw_flags, &idx);
	}
	case XGW_FW_F_ICMP: {
		__u32 slot = XGW_FW_NOT_ICMP;

		if ((pkt->flags & XGW_PKT_L4) &&
		    (pkt->l4_proto == IPPROTO_ICMP || pkt->l4_proto == IPPROTO_ICMPV6))
			slot = pkt->icmp_type;
		idx = XGW_FW_ICMP_IDX(gd, slot);
		return bpf_map_lookup_elem(&xgw_fw_icmp, &idx);
	}
	}
	return NULL;
}

/*
 * Fills one bitset per field; 0 when a table is missing an entry. A field no rule constrains
 * gets the all-ones bitset (id 0), so every slot holds a bitset and the walk has no NULL cases.
 */
static __always_inline int xgw_fw_gather(struct xgw_fw_cls *cls, const struct xgw_pkt *pkt,
					 __u32 gen, __u32 dir, const struct xgw_fw_gen_dir *gdir,
					 const struct xgw_fw_walk *w)
{
	__u32 gd = XGW_FW_GEN_DIR(gen, dir), all = 0;
	int f;

#pragma unroll
	for (f = 0; f < XGW_FW_F__MAX; f++) {
		const __u32 *id = &all;

		if (gdir->fields_used & (1u << f))
			id = xgw_fw_lookup_field(pkt, gd, gdir, w, f);
		cls->field[f] = xgw_fw_bitset(w, id);
		if (!cls->field[f])
			return 0;
	}
	cls->probe = xgw_fw_bitset(w, &gdir->probe_bitset);
	cls->probe_only = xgw_fw_bitset(w, &gdir->probe_only_bitset);
	cls->hit = 0;
	return cls->probe && cls->probe_only;
}

static __always_inline __u64 xgw_fw_and_summary(const struct xgw_fw_cls *cls, __u32 s)
{
	__u64 sum = ~0ULL;
	int f;

#pragma unroll
	for (f = 0; f < XGW_FW_F__MAX; f++)
		sum &= cls->field[f]->summary[s & (XGW_FW_SUMMARY_WORDS - 1)];
	/* an upper bound: a word the probe_only mask empties is skipped in xgw_fw_walk_step */
	return sum | (cls->probe->summary[s & (XGW_FW_SUMMARY_WORDS - 1)] & cls->hit);
}

static __always_inline __u64 xgw_fw_and_word(const struct xgw_fw_cls *cls, __u32 w)
{
	__u64 word = ~0ULL;
	int f;

#pragma unroll
	for (f = 0; f < XGW_FW_F__MAX; f++)
		word &= cls->field[f]->words[w & (XGW_FW_WORDS - 1)];
	w &= XGW_FW_WORDS - 1;
	return (word & ~cls->probe_only->words[w]) | (cls->probe->words[w] & cls->hit);
}

/* Counts the packet on a rule's slot; 0 when the slot is gone (its rule left the ruleset). */
static __always_inline int xgw_fw_count(const struct xgw_fw_walk *w, __u32 slot)
{
	struct xgw_fw_counter *c;

	if (w->dry_run)
		return 1;
	c = bpf_map_lookup_elem(&xgw_fw_counters, &slot);
	if (!c)
		return 0;
	c->packets++;
	c->bytes += w->bytes;
	c->last_ns = bpf_ktime_get_boot_ns();
	return 1;
}

/*
 * A packet's walk through the rules, advanced one step per bpf_loop iteration. It lives in a
 * per-CPU map value rather than on the stack: the verifier then sees its fields as unknown
 * scalars, so it checks the step once instead of once per value the walk could take.
 */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xgw_fw_walk);
} xgw_fw_walks SEC(".maps");

/*
 * Rule r of the walk's generation and direction. Both keys are in the walk record, not on the
 * stack, which the deepest call chain has all but used up.
 */
static __always_inline const struct xgw_fw_rule *xgw_fw_rule_at(struct xgw_fw_walk *w, __u32 r)
{
	void *rules = bpf_map_lookup_elem(&xgw_fw_rules, &w->gen_dir);

	w->rule_key = r;
	return rules ? bpf_map_lookup_elem(rules, &w->rule_key) : NULL;
}

/* The ruleset's canonical text and its counter slots, kept for later xgw runs (user space only). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XGW_FW_GENERATIONS * XGW_FW_SOURCE_CHUNKS);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct xgw_fw_chunk_key);
	__type(value, struct xgw_fw_chunk);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_fw_source SEC(".maps");

struct xgw_fw_walk_ctx {
	const struct xgw_fw_cls *cls;
	struct xgw_fw_walk *w;
	const struct xgw_pkt *pkt;
};

static __always_inline int xgw_fw_addr_in(const __u32 *addr, const __u32 *net, __u32 len)
{
	int i;

#pragma unroll
	for (i = 0; i < 4; i++) {
		__u32 bits = len > 32 * i ? len - 32 * i : 0;
		__u32 mask = bits >= 32 ? ~0u : bits ? bpf_htonl(~0u << (32 - bits)) : 0;

		if ((addr[i] ^ net[i]) & mask)
			return 0;
	}
	return 1;
}

/* Whether the walk's SA fits the ipsec option in slot `slot` of generation gen. */
static __always_inline int xgw_fw_ipsec_match(const struct xgw_fw_walk *w, __u32 gen, __u32 slot)
{
	__u32 idx = gen * XGW_FW_MAX_IPSEC + (slot & (XGW_FW_MAX_IPSEC - 1));
	const struct xgw_fw_ipsec *m = bpf_map_lookup_elem(&xgw_fw_ipsec, &idx);
	const struct xgw_fw_xfrm *x = &w->sa;

	if (!w->has_sa || !m)
		return 0;
	if ((m->fields & XGW_FW_IPSEC_SPI) && m->spi != x->spi)
		return 0;
	if ((m->fields & XGW_FW_IPSEC_REQID) && m->reqid != x->reqid)
		return 0;
	if (m->fields & XGW_FW_IPSEC_SRC)
		return !!(m->fields & XGW_FW_IPSEC_SRC6) == !!x->v6 &&
		       xgw_fw_addr_in(x->remote, m->src, m->src_len);
	return 1;
}

static __always_inline void xgw_fw_log_stat(__u32 which)
{
	__u64 *v = xgw_check_only ? NULL : bpf_map_lookup_elem(&xgw_fw_log_stats, &which);

	if (v)
		(*v)++;
}

/* Whether the global events-per-second budget has room for one more event. */
static __always_inline int xgw_fw_log_budget(void)
{
	__u32 zero = 0;
	struct xgw_fw_log_window *win = bpf_map_lookup_elem(&xgw_fw_log_window, &zero);
	__u64 second = bpf_ktime_get_boot_ns() / 1000000000ULL;

	if (!win)
		return 0;
	if (win->second != second) {
		/* a race here lets a few extra events through at a second's edge: harmless */
		win->second = second;
		win->sent = 0;
	}
	return __sync_fetch_and_add(&win->sent, 1) < XGW_FW_LOG_GLOBAL_PER_SEC;
}

/* A `log` rule matched: send an event, within the rule's logamount and the global limit. */
static __always_inline void xgw_fw_log_match(const struct xgw_fw_walk_ctx *ctx,
					     const struct xgw_fw_rule *rule)
{
	const struct xgw_pkt *pkt = ctx->pkt;
	struct xgw_fw_log_event *ev;
	__u64 *logged;

	if (ctx->w->dry_run)
		return;
	ctx->w->log_key.prefixlen = 32;
	ctx->w->log_key.slot = rule->counter;
	logged = bpf_map_lookup_elem(&xgw_fw_logged, &ctx->w->log_key);
	if (!logged)
		return;
	if (rule->log_amount && __sync_fetch_and_add(logged, 1) >= rule->log_amount) {
		xgw_fw_log_stat(XGW_FW_LOG_RULE_LIMITED);
		return;
	}
	if (!xgw_fw_log_budget()) {
		xgw_fw_log_stat(XGW_FW_LOG_GLOBAL_LIMITED);
		return;
	}
	ev = bpf_ringbuf_reserve(&xgw_fw_log, sizeof(*ev), 0);
	if (!ev) {
		xgw_fw_log_stat(XGW_FW_LOG_LOST);
		return;
	}
	ev->boot_ns = bpf_ktime_get_boot_ns();
	__builtin_memcpy(ev->src, pkt->src, sizeof(ev->src));
	__builtin_memcpy(ev->dst, pkt->dst, sizeof(ev->dst));
	ev->ifindex = ctx->w->ifindex;
	ev->ip_len = pkt->ip_len;
	ev->rule_number = rule->number;
	ev->sport = pkt->sport;
	ev->dport = pkt->dport;
	ev->action = rule->action;
	ev->dir = ctx->w->gen_dir & 1;
	ev->proto = pkt->l4_proto;
	ev->v6 = pkt->l3_proto == ETH_P_IPV6;
	ev->icmp_type = pkt->icmp_type;
	__builtin_memset(ev->_pad, 0, sizeof(ev->_pad));
	bpf_ringbuf_submit(ev, 0);
	xgw_fw_log_stat(XGW_FW_LOG_SENT);
}

static __always_inline void xgw_fw_restart(struct xgw_fw_walk *w, __u32 start)
{
	w->start = start;
	w->s = start / 4096;
	w->sum = 0;
	w->refill = 1;
}

/* Rule r matched: count it, then decide, or go on past it. Returns 1 to end the walk. */
static __always_inline int xgw_fw_take(const struct xgw_fw_walk_ctx *ctx, __u32 r)
{
	struct xgw_fw_walk *w = ctx->w;
	const struct xgw_fw_rule *rule = xgw_fw_rule_at(w, r);

	if (r >= w->nrules || !rule)
		return 1;
	if ((rule->flags & XGW_FW_R_CHECKS_STATE) && w->flow_hit) {
		/* the probe comes before the body; counted on the flow's keep-state rule by the caller */
		w->rule = r;
		w->by_state = 1;
		w->verdict = XGW_FW_ALLOW;
		return 1;
	}
	if (rule->action == XGW_FW_CHECK_STATE ||
	    ((rule->flags & XGW_FW_R_IPSEC) &&
	     !xgw_fw_ipsec_match(w, (w->gen_dir >> 1) & 1, rule->ipsec))) {
		/* not a match: check-state without a flow, or an SA the ipsec option refuses */
		xgw_fw_restart(w, r + 1);
		return 0;
	}
	w->rule = r;
	xgw_fw_count(w, rule->counter);
	if (rule->flags & XGW_FW_R_LOG)
		xgw_fw_log_match(ctx, rule);
	switch (rule->action) {
	case XGW_FW_COUNT:
		xgw_fw_restart(w, r + 1);
		break;
	case XGW_FW_SKIPTO:
		xgw_fw_restart(w, rule->arg > r ? rule->arg : r + 1);
		break;
	case XGW_FW_SETMARK:
		w->mark = (w->mark & ~rule->mask) | (rule->arg & rule->mask);
		w->mark_mask |= rule->mask;
		xgw_fw_restart(w, r + 1);
		break;
	case XGW_FW_FWD:
		w->nexthop = 1 + ((w->gen_dir >> 1) & 1) * XGW_FW_MAX_NEXTHOPS +
			     (rule->arg & (XGW_FW_MAX_NEXTHOPS - 1));
		w->verdict = XGW_FW_ALLOW;
		return 1;
	default:
		if ((rule->flags & XGW_FW_R_KEEP_STATE) && rule->action == XGW_FW_ALLOW)
			w->create_flow = 1;
		w->verdict = rule->action;
		return 1;
	}
	return 0;
}

/* One step: load the next summary word, or test one candidate word of the bitsets. */
static int xgw_fw_walk_step(__u32 i, struct xgw_fw_walk_ctx *ctx)
{
	struct xgw_fw_walk *w = ctx->w;
	__u32 word_idx;
	__u64 word;

	if (w->refill) {
		if (w->s >= XGW_FW_SUMMARY_WORDS || w->start >= w->nrules)
			return 1;
		w->sum = xgw_fw_and_summary(ctx->cls, w->s);
		if (w->s == w->start / 4096)
			w->sum &= ~0ULL << ((w->start / 64) % 64);
		w->refill = 0;
		return 0;
	}
	if (!w->sum) {
		w->s++;
		w->refill = 1;
		return 0;
	}
	word_idx = w->s * 64 + xgw_ctz64(w->sum);
	w->sum &= w->sum - 1;
	word = xgw_fw_and_word(ctx->cls, word_idx);
	if (word_idx == w->start / 64)
		word &= ~0ULL << (w->start % 64);
	if (!word)
		return 0;
	return xgw_fw_take(ctx, word_idx * 64 + xgw_ctz64(word));
}

/* The keep-state rule w->rule decided: the packet's source starts a flow. */
static __always_inline void xgw_fw_make_flow(const struct xgw_pkt *pkt, struct xgw_fw_walk *w)
{
	const struct xgw_fw_rule *rule = xgw_fw_rule_at(w, w->rule);

	if (rule && !w->dry_run)
		xgw_ct_create(pkt, rule->counter, rule->number);
}

/* The verdict xgw_fw_filter returns: unreach carries its ICMP code in bits 8-15. */
static __always_inline int xgw_fw_verdict(struct xgw_fw_walk *w)
{
	const struct xgw_fw_rule *rule;

	if (w->verdict != XGW_FW_UNREACH)
		return w->verdict;
	rule = xgw_fw_rule_at(w, w->rule);
	return XGW_FW_UNREACH | (rule ? (rule->arg & 0xff) << 8 : 0);
}

/*
 * Enough steps for any walk, so no packet ever falls to the default rule for want of them: the
 * walk only moves forward, so it loads each summary word and tests each bitset word once, plus
 * one summary load and one word test again after each rule it passes (at most one per rule).
 */
#define XGW_FW_WALK_LOOPS (2 * XGW_FW_MAX_RULES + XGW_FW_WORDS + 2 * XGW_FW_SUMMARY_WORDS + 2)

/*
 * The firewall's decision for a parsed IP packet: XGW_FW_ALLOW, XGW_FW_DENY, ... (unreach with
 * its code, see xgw_fw_verdict). A global
 * function, so the verifier checks it once rather than once per path through the parser.
 * ifindex is the interface of the direction (in on ingress, out on egress); in_ifindex the one
 * the packet came in on (0 for a packet of this host); xfrm the inbound SA of a decrypted
 * packet (tc ingress), else NULL. What setmark, setfib and fwd rules decided is left in the
 * program's xgw_fw_walks entry (mark, mark_mask, nexthop), zero when none matched.
 */
__noinline int xgw_fw_filter(const struct xgw_pkt *pkt, __u32 dir, __u32 ifindex,
			     __u32 in_ifindex, const struct xgw_fw_xfrm *xfrm)
{
	const struct xgw_fw_gen_dir *gdir;
	const struct xgw_fw_ctl *ctl;
	const struct xgw_fw_gen *g;
	struct xgw_fw_walk_ctx ctx;
	struct xgw_fw_walk *w;
	struct xgw_fw_cls cls;
	__u32 zero = 0, gen;

	w = bpf_map_lookup_elem(&xgw_fw_walks, &zero);
	if (!pkt || !w)
		return XGW_FW_ALLOW;
	if (xgw_check_only)
		w->dry_run = 1;
	w->mark = 0;
	w->mark_mask = 0;
	w->nexthop = 0;
	w->ifindex = ifindex;
	w->in_ifindex = in_ifindex;
	w->has_sa = xfrm != NULL;
	if (xfrm)
		w->sa = *xfrm;
	ctl = bpf_map_lookup_elem(&xgw_fw_ctl, &zero);
	if (!ctl || !ctl->enabled)
		return XGW_FW_ALLOW;
	if (pkt->l3_proto != ETH_P_IP && pkt->l3_proto != ETH_P_IPV6)
		return XGW_FW_ALLOW;
	gen = ctl->gen & 1;
	g = bpf_map_lookup_elem(&xgw_fw_gens, &gen);
	if (!g)
		return XGW_FW_ALLOW;
	dir &= 1;
	gdir = &g->dir[dir];

	w->gen_dir = XGW_FW_GEN_DIR(gen, dir);
	if (xgw_fw_gather(&cls, pkt, gen, dir, gdir, w)) {
		struct xgw_flow *flow = g->has_state ? xgw_ct_lookup(pkt) : NULL;

		w->flow_hit = flow != NULL || (g->has_state && (pkt->flags & XGW_PKT_RELATED));
		cls.hit = w->flow_hit ? ~0ULL : 0;
		w->by_state = 0;
		w->create_flow = 0;
		w->bytes = pkt->ip_len;
		w->nrules = gdir->nrules;
		w->gen_dir = XGW_FW_GEN_DIR(gen, dir);
		w->verdict = -1;
		w->rule = XGW_FW_DEFAULT_RULE;
		xgw_fw_restart(w, 0);
		ctx.cls = &cls;
		ctx.w = w;
		ctx.pkt = pkt;
		bpf_loop(XGW_FW_WALK_LOOPS, xgw_fw_walk_step, &ctx, 0);
		if (w->by_state && flow && !xgw_fw_count(w, flow->rule_counter))
			xgw_ct_stat(XGW_CT_STAT_UNOWNED);
		if (w->create_flow)
			xgw_fw_make_flow(pkt, w);
		if (w->verdict >= 0)
			return xgw_fw_verdict(w);
	}
	w->rule = XGW_FW_DEFAULT_RULE;
	w->bytes = pkt->ip_len;
	w->verdict = g->default_action;
	xgw_fw_count(w, g->default_counter);
	return g->default_action;
}
