/*
 * IPv4 NAT. XDP translates what arrives (replies to masqueraded flows, redirected ports and
 * addresses) before the firewall sees it; tc translates what leaves, after the firewall.
 * So the firewall and its flow table always see inside addresses. Each translated flow is
 * two bindings, one per direction; a new binding claims its reverse key with BPF_NOEXIST,
 * which is what keeps two flows from ever sharing a public address and port.
 */
#pragma once
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include <xgw/bpf/check.h>
#include <xgw/abi/ct.h>
#include <xgw/abi/nat.h>
#include <xgw/bpf/csum.h>
#include <xgw/bpf/fw.h>
#include <xgw/bpf/parse.h>

/* Debian's linux/bpf.h predates these bpf_fib_lookup flags (kernel 6.3 and 6.7). */
#define XGW_FIB_LOOKUP_OUTPUT (1U << 1)
#define XGW_FIB_LOOKUP_SKIP_NEIGH (1U << 2)
#define XGW_FIB_LOOKUP_SRC (1U << 4)
#define XGW_NAT_AF_INET 2
/*
 * Keeps a packet pointer in one register from its bounds check to its use: clang may
 * otherwise rebuild data + offset after the check, which the verifier sees as unchecked.
 */
#define XGW_NAT_PIN(p) asm volatile("" : "+r"(p))
/* Headers this deep are never NAT's business: the bound also satisfies the verifier. */
#define XGW_NAT_MAX_L4_OFF 128

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XGW_FW_GENERATIONS * XGW_NAT_MAX_RULES);
	__type(key, __u32);
	__type(value, struct xgw_nat_rule);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_nat_rules SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XGW_FW_GENERATIONS);
	__type(key, __u32);
	__type(value, struct xgw_nat_gen);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_nat_gens SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, XGW_DEFAULT_NAT_BINDINGS);
	__type(key, struct xgw_nat_key);
	__type(value, struct xgw_nat_binding);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_nat_bindings SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xgw_nat_config);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_nat_config SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, XGW_NAT_MAX_IFACES);
	__type(key, __u32); /* ifindex */
	__type(value, struct xgw_nat_ifaddrs);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_nat_ifaddrs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XGW_NAT_STAT__MAX);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_nat_stats SEC(".maps");

/* The two halves of a new binding: the direction seen now (orig) and its reverse. */
struct xgw_nat_pair {
	struct xgw_nat_key okey;
	struct xgw_nat_key rkey;
	struct xgw_nat_binding ob;
	struct xgw_nat_binding rb;
	struct bpf_fib_lookup fib; /* for the source address of masquerade and hairpin */
};

/* Scratch for a new pair: too large for the stack beside the pipeline's own frame. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xgw_nat_pair);
} xgw_nat_scratch SEC(".maps");

static const __u32 xgw_nat_default_timeout[XGW_NAT_T__MAX] = {
#define XGW_NAT_TIMEOUT_DEFAULT(id, name, secs) secs,
	XGW_NAT_TIMEOUTS(XGW_NAT_TIMEOUT_DEFAULT)
#undef XGW_NAT_TIMEOUT_DEFAULT
};

static __always_inline void xgw_nat_stat(__u32 which)
{
	__u64 *v;

	if (xgw_check_only) {
		xgw_check_note(which);
		return;
	}
	v = bpf_map_lookup_elem(&xgw_nat_stats, &which);
	if (v)
		(*v)++;
}

static __always_inline const struct xgw_nat_config *xgw_nat_cfg(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&xgw_nat_config, &zero);
}

/* The live generation and its rule count + 1; 0 when NAT is off (no binding can exist). */
static __always_inline __u32 xgw_nat_live(__u32 *gen)
{
	const struct xgw_nat_config *cfg = xgw_nat_cfg();
	const struct xgw_fw_ctl *ctl;
	const struct xgw_nat_gen *g;
	__u32 zero = 0;

	/* The one lookup every IPv4 packet pays while NAT is off. */
	if (!cfg || !cfg->active)
		return 0;
	ctl = bpf_map_lookup_elem(&xgw_fw_ctl, &zero);
	*gen = ctl ? ctl->gen & 1 : 0;
	g = bpf_map_lookup_elem(&xgw_nat_gens, gen);
	return g ? g->nrules + 1 : 1;
}

static __always_inline int xgw_nat_is_echo(__u8 type)
{
	return type == 8 || type == 0;
}

static __always_inline int xgw_nat_is_icmp_error(__u8 type)
{
	return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
}

/*
 * The packet's key at this hook; 0 when NAT cannot tell its flow (later fragments, which
 * frag.h gives their first's translation, and ICMP errors). A first fragment has its ports.
 */
static __always_inline int xgw_nat_key_of(const struct xgw_pkt *pkt, __u32 hook,
					  struct xgw_nat_key *k)
{
	__builtin_memset(k, 0, sizeof(*k));
	k->saddr = pkt->src[0];
	k->daddr = pkt->dst[0];
	k->proto = pkt->l4_proto;
	k->hook = hook;
	if (pkt->flags & XGW_PKT_FRAG_LATER)
		return 0;
	switch (pkt->l4_proto) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
		k->sport = pkt->sport;
		k->dport = pkt->dport;
		return 1;
	case IPPROTO_ICMP:
		if (!xgw_nat_is_echo(pkt->icmp_type))
			return 0;
		k->sport = pkt->sport;
		k->dport = pkt->sport;
		return 1;
	}
	return 1;
}

static __always_inline __u32 xgw_nat_timeout_of(__u8 proto, __u8 seen)
{
	if (proto == IPPROTO_UDP)
		return XGW_NAT_T_UDP;
	if (proto == IPPROTO_ICMP)
		return XGW_NAT_T_ICMP;
	if (proto != IPPROTO_TCP)
		return XGW_NAT_T_OTHER;
	if (seen & (XGW_FLOW_RST | XGW_FLOW_FIN_FWD | XGW_FLOW_FIN_REV))
		return XGW_NAT_T_TCP_CLOSING;
	if ((seen & (XGW_FLOW_SYN_FWD | XGW_FLOW_SYN_REV)) == (XGW_FLOW_SYN_FWD | XGW_FLOW_SYN_REV))
		return XGW_NAT_T_TCP_ESTABLISHED;
	return XGW_NAT_T_TCP_SYN;
}

static __always_inline __u64 xgw_nat_expiry(__u8 proto, __u8 seen, __u64 now)
{
	const struct xgw_nat_config *cfg = xgw_nat_cfg();
	__u32 which = xgw_nat_timeout_of(proto, seen) & 7, secs = 0;

	if (cfg)
		secs = cfg->timeout[which];
	if (!secs && which < XGW_NAT_T__MAX)
		secs = xgw_nat_default_timeout[which];
	return now + (__u64)secs * 1000000000ULL;
}

/* One packet through binding b: TCP state, lifetime and counters, kept equal in its peer. */
static __always_inline void xgw_nat_touch(struct xgw_nat_binding *b, const struct xgw_pkt *pkt,
					  __u64 now)
{
	struct xgw_nat_binding *peer;
	int orig = b->flags & XGW_NAT_B_ORIG;
	__u8 fl = pkt->tcp_flags;

	if (xgw_check_only)
		return;
	peer = bpf_map_lookup_elem(&xgw_nat_bindings, &b->peer);

	if (pkt->l4_proto == IPPROTO_TCP) {
		if (fl & 0x02)
			b->seen |= orig ? XGW_FLOW_SYN_FWD : XGW_FLOW_SYN_REV;
		if (fl & 0x01)
			b->seen |= orig ? XGW_FLOW_FIN_FWD : XGW_FLOW_FIN_REV;
		if (fl & 0x04)
			b->seen |= XGW_FLOW_RST;
		if (peer)
			b->seen |= peer->seen;
	}
	b->expires_ns = xgw_nat_expiry(pkt->l4_proto, b->seen, now);
	b->packets++;
	b->bytes += pkt->ip_len;
	if (peer) {
		peer->seen = b->seen;
		peer->expires_ns = b->expires_ns;
	}
}

/* The live binding for key k, or NULL; an expired binding is removed with its peer. */
static __always_inline struct xgw_nat_binding *xgw_nat_find(const struct xgw_nat_key *k, __u64 now)
{
	struct xgw_nat_binding *b = bpf_map_lookup_elem(&xgw_nat_bindings, k);
	struct xgw_nat_key peer;

	if (!b || now <= b->expires_ns)
		return b;
	if (xgw_check_only)
		return NULL;
	peer = b->peer;
	bpf_map_delete_elem(&xgw_nat_bindings, k);
	bpf_map_delete_elem(&xgw_nat_bindings, &peer);
	xgw_nat_stat(XGW_NAT_STAT_EXPIRED);
	return NULL;
}

/* Inserts a binding whose key must be free; an expired holder of the key gives way. */
static __always_inline int xgw_nat_claim(const struct xgw_nat_key *k,
					 const struct xgw_nat_binding *b, __u64 now)
{
	if (xgw_check_only) /* free unless a live binding holds it; nothing is claimed */
		return bpf_map_lookup_elem(&xgw_nat_bindings, k) ? -1 : 0;
	if (bpf_map_update_elem(&xgw_nat_bindings, k, b, BPF_NOEXIST) == 0)
		return 0;
	if (xgw_nat_find(k, now))
		return -1;
	return bpf_map_update_elem(&xgw_nat_bindings, k, b, BPF_NOEXIST);
}

struct xgw_nat_rule_walk {
	const struct xgw_pkt *pkt;
	__u32 base;     /* gen * XGW_NAT_MAX_RULES */
	__u32 nrules;
	__u32 ifindex;
	__u32 hook;
	__s32 found;    /* index of the first matching rule, -1: none */
};

static __always_inline int xgw_nat_rule_matches(const struct xgw_nat_rule *r,
						const struct xgw_nat_rule_walk *w)
{
	const struct xgw_pkt *pkt = w->pkt;
	__u16 dport = bpf_ntohs(pkt->dport);

	if (r->ifindex && r->ifindex != w->ifindex)
		return 0;
	if (w->hook == XGW_NAT_AT_EGRESS) {
		if (r->kind == XGW_NAT_MASQUERADE || r->kind == XGW_NAT_SNAT)
			return (pkt->src[0] & r->match_mask) == r->match_addr;
		return r->kind == XGW_NAT_REDIRECT_ADDR && pkt->src[0] == r->addr_lo;
	}
	if (r->public_addr && pkt->dst[0] != r->public_addr)
		return 0;
	if (r->kind == XGW_NAT_REDIRECT_ADDR)
		return 1;
	return r->kind == XGW_NAT_REDIRECT_PORT && pkt->l4_proto == r->proto &&
	       dport >= r->public_port_lo && dport <= r->public_port_hi;
}

static int xgw_nat_rule_step(__u32 i, struct xgw_nat_rule_walk *w)
{
	__u32 idx = w->base + (i & (XGW_NAT_MAX_RULES - 1));
	const struct xgw_nat_rule *r;

	if (i >= w->nrules)
		return 1;
	r = bpf_map_lookup_elem(&xgw_nat_rules, &idx);
	if (!r)
		return 1;
	if (!xgw_nat_rule_matches(r, w))
		return 0;
	w->found = i;
	return 1;
}

/*
 * The interface's own address for dst, as netfilter's masquerade picks it (inet_select_addr):
 * the first whose subnet holds dst, else the first (a primary). 0 when it has none.
 */
static __always_inline __u32 xgw_nat_iface_addr(__u32 ifindex, __u32 dst)
{
	const struct xgw_nat_ifaddrs *a = bpf_map_lookup_elem(&xgw_nat_ifaddrs, &ifindex);
	__u32 i;

	if (!a || !a->count)
		return 0;
	for (i = 0; i < XGW_NAT_IFADDRS; i++) {
		if (i >= a->count)
			break;
		if (((a->addr[i] ^ dst) & a->mask[i]) == 0)
			return a->addr[i];
	}
	return a->addr[0];
}

/*
 * The address masquerade gives flows leaving ifindex towards dst: the kernel's own choice
 * when its main routing sends dst out of ifindex too; else (forwarding off, which the FIB
 * helper refuses, or a packet steered there by policy routing, a mark or fwd) the
 * interface's own address. Whatever sent the packet there, it leaves with an address of the
 * interface it leaves by.
 */
static __always_inline __u32 xgw_nat_masq_addr(void *ctx, struct bpf_fib_lookup *fib,
					       __u32 ifindex, __u32 dst)
{
	int rc;

	__builtin_memset(fib, 0, sizeof(*fib));
	fib->family = XGW_NAT_AF_INET;
	fib->ifindex = ifindex;
	fib->ipv4_dst = dst;
	rc = bpf_fib_lookup(ctx, fib, sizeof(*fib),
			    XGW_FIB_LOOKUP_OUTPUT | XGW_FIB_LOOKUP_SKIP_NEIGH | XGW_FIB_LOOKUP_SRC);
	if ((rc == BPF_FIB_LKUP_RET_SUCCESS || rc == BPF_FIB_LKUP_RET_FRAG_NEEDED ||
	     rc == BPF_FIB_LKUP_RET_NO_NEIGH) &&
	    fib->ifindex == ifindex && fib->ipv4_src)
		return fib->ipv4_src;
	return xgw_nat_iface_addr(ifindex, dst);
}

/*
 * Claims the reply key of a new source translation, trying the original port first and
 * then random ports of lo..hi (host order). Returns 0, or -1 when XGW_NAT_PORT_TRIES
 * tries found none free: with a fraction f of the range taken that happens with f^32.
 */
static __always_inline int xgw_nat_claim_port(struct xgw_nat_key *reply,
					      const struct xgw_nat_binding *rb, __u16 orig,
					      __u16 lo, __u16 hi, __u64 now)
{
	__u32 n = (__u32)hi - lo + 1;
	int i;

	if (reply->proto != IPPROTO_TCP && reply->proto != IPPROTO_UDP &&
	    reply->proto != IPPROTO_ICMP)
		return xgw_nat_claim(reply, rb, now);
	for (i = 0; i < XGW_NAT_PORT_TRIES; i++) {
		/* Independent tries: consecutive ports would all fall in a block already taken. */
		__u16 port = i == 0 && orig >= lo && orig <= hi ? orig
								: lo + bpf_get_prandom_u32() % n;

		reply->dport = bpf_htons(port);
		if (reply->proto == IPPROTO_ICMP)
			reply->sport = reply->dport;
		if (xgw_nat_claim(reply, rb, now) == 0)
			return 0;
	}
	return -1;
}

/* Source translation of a new flow leaving by w->ifindex under rule r. */
static __always_inline int xgw_nat_new_source(void *ctx, const struct xgw_nat_rule *r,
					      const struct xgw_nat_rule_walk *w,
					      struct xgw_nat_pair *p, __u64 now)
{
	const struct xgw_nat_config *cfg = xgw_nat_cfg();
	const struct xgw_pkt *pkt = w->pkt;
	__u16 lo = r->port_lo, hi = r->port_hi;
	__u32 addr;

	if (r->kind == XGW_NAT_MASQUERADE) {
		addr = xgw_nat_masq_addr(ctx, &p->fib, w->ifindex, pkt->dst[0]);
	} else if (r->kind == XGW_NAT_SNAT) {
		__u32 base = bpf_ntohl(r->addr_lo), span = bpf_ntohl(r->addr_hi) - base + 1;

		/* The same inside host keeps the same public address. */
		addr = bpf_htonl(base + (span ? bpf_ntohl(pkt->src[0]) % span : 0));
	} else {
		addr = r->public_addr;
		lo = hi = 0;
	}
	if (!addr) {
		xgw_nat_stat(XGW_NAT_STAT_NO_ADDRESS);
		return -1;
	}
	if (r->kind != XGW_NAT_REDIRECT_ADDR && !lo) {
		lo = cfg && cfg->port_lo ? cfg->port_lo : XGW_NAT_DEFAULT_PORT_LO;
		hi = cfg && cfg->port_hi ? cfg->port_hi : XGW_NAT_DEFAULT_PORT_HI;
	}
	p->rkey.saddr = p->okey.daddr;
	p->rkey.daddr = addr;
	p->rkey.sport = p->okey.dport;
	p->rkey.dport = p->okey.sport;
	p->rkey.proto = p->okey.proto;
	p->rkey.hook = XGW_NAT_AT_INGRESS;
	p->rb.flags = XGW_NAT_B_DST;
	p->rb.daddr = p->okey.saddr;
	p->rb.dport = p->okey.sport;
	p->rb.peer = p->okey;
	if (!lo) {
		if (xgw_nat_claim(&p->rkey, &p->rb, now) != 0) {
			xgw_nat_stat(XGW_NAT_STAT_CONFLICT);
			return -1;
		}
	} else if (xgw_nat_claim_port(&p->rkey, &p->rb, bpf_ntohs(p->okey.sport), lo, hi, now)) {
		xgw_nat_stat(XGW_NAT_STAT_EXHAUSTED);
		return -1;
	}
	p->ob.flags = XGW_NAT_B_SRC | XGW_NAT_B_ORIG;
	p->ob.saddr = addr;
	p->ob.sport = p->rkey.dport;
	p->ob.peer = p->rkey;
	return 0;
}

/*
 * Hairpin: the redirect's inside address lies behind the interface the packet came in by,
 * so the answer would go straight back to the sender, never through us. Then the source
 * becomes this host's own address on that interface too. Returns that address, or 0.
 */
static __always_inline __u32 xgw_nat_hairpin_addr(void *ctx, struct bpf_fib_lookup *fib,
						  __u32 ifindex, __u32 src, __u32 inside)
{
	int rc;

	__builtin_memset(fib, 0, sizeof(*fib));
	fib->family = XGW_NAT_AF_INET;
	fib->ifindex = ifindex;
	fib->ipv4_src = src;
	fib->ipv4_dst = inside;
	rc = bpf_fib_lookup(ctx, fib, sizeof(*fib), XGW_FIB_LOOKUP_SKIP_NEIGH);
	if ((rc != BPF_FIB_LKUP_RET_SUCCESS && rc != BPF_FIB_LKUP_RET_NO_NEIGH) ||
	    fib->ifindex != ifindex)
		return 0;
	return xgw_nat_masq_addr(ctx, fib, ifindex, inside);
}

/* Destination translation of a new flow arriving for a redirected address or port. */
static __always_inline int xgw_nat_new_destination(void *ctx, const struct xgw_nat_rule *r,
						   const struct xgw_nat_rule_walk *w,
						   struct xgw_nat_pair *p, __u64 now)
{
	const struct xgw_pkt *pkt = w->pkt;
	__u16 port = pkt->dport;
	__u32 self;

	if (r->kind == XGW_NAT_REDIRECT_PORT) {
		__u16 off = bpf_ntohs(pkt->dport) - r->public_port_lo;

		port = bpf_htons(r->port_lo == r->port_hi ? r->port_lo : r->port_lo + off);
	}
	if (p->okey.proto == IPPROTO_ICMP)
		port = p->okey.sport; /* the echo identifier stays */
	p->rkey.saddr = r->addr_lo;
	p->rkey.sport = port;
	p->rkey.proto = p->okey.proto;
	p->rb.peer = p->okey;
	p->rb.flags = XGW_NAT_B_SRC;
	p->rb.saddr = p->okey.daddr;
	p->rb.sport = p->okey.dport;
	p->ob.flags = XGW_NAT_B_DST | XGW_NAT_B_ORIG;
	p->ob.daddr = r->addr_lo;
	p->ob.dport = port;

	self = xgw_nat_hairpin_addr(ctx, &p->fib, w->ifindex, p->okey.saddr, r->addr_lo);
	if (self) {
		/* The answer comes back to us, here, at ingress: both halves live at this hook. */
		p->rkey.daddr = self;
		p->rkey.dport = p->okey.sport;
		p->rkey.hook = XGW_NAT_AT_INGRESS;
		p->rb.flags |= XGW_NAT_B_DST;
		p->rb.daddr = p->okey.saddr;
		p->rb.dport = p->okey.sport;
		if (xgw_nat_claim_port(&p->rkey, &p->rb, bpf_ntohs(p->okey.sport),
				       XGW_NAT_DEFAULT_PORT_LO, XGW_NAT_DEFAULT_PORT_HI, now)) {
			xgw_nat_stat(XGW_NAT_STAT_EXHAUSTED);
			return -1;
		}
		p->ob.flags |= XGW_NAT_B_SRC;
		p->ob.saddr = self;
		p->ob.sport = p->rkey.dport;
	} else {
		p->rkey.daddr = p->okey.saddr;
		p->rkey.dport = p->okey.sport;
		p->rkey.hook = XGW_NAT_AT_EGRESS;
		if (xgw_nat_claim(&p->rkey, &p->rb, now) != 0) {
			xgw_nat_stat(XGW_NAT_STAT_CONFLICT);
			return -1;
		}
	}
	p->ob.peer = p->rkey;
	return 0;
}

/* What a packet without a binding asks of the rules. */
struct xgw_nat_req {
	struct xgw_nat_key key;
	__u32 ifindex;
	__u32 gen;
	__u32 nrules;
	__u32 failed; /* set: a rule matched but could not translate (no port, no address) */
};

/*
 * A binding for a packet that has none, made by the first rule that matches it; or NULL.
 * Out of line: the new pair gets its own stack frame.
 */
static __noinline struct xgw_nat_binding *xgw_nat_new(void *ctx, const struct xgw_pkt *pkt,
							   struct xgw_nat_req *req)
{
	const struct xgw_nat_key *k = &req->key;
	struct xgw_nat_rule_walk w = {
		.pkt = pkt, .base = req->gen * XGW_NAT_MAX_RULES, .nrules = req->nrules,
		.ifindex = req->ifindex, .hook = k->hook, .found = -1,
	};
	__u64 now = bpf_ktime_get_boot_ns();
	const struct xgw_nat_rule *r;
	struct xgw_nat_pair *p;
	__u32 idx, zero = 0;
	int rc;

	bpf_loop(XGW_NAT_MAX_RULES, xgw_nat_rule_step, &w, 0);
	if (w.found < 0)
		return NULL;
	if (pkt->flags & XGW_PKT_FRAG_LATER) {
		/* Translated by its first fragment, which did not come by: it cannot leave as is. */
		req->failed = 1;
		xgw_nat_stat(XGW_NAT_STAT_FRAGMENT);
		return NULL;
	}
	idx = w.base + (w.found & (XGW_NAT_MAX_RULES - 1));
	r = bpf_map_lookup_elem(&xgw_nat_rules, &idx);
	p = bpf_map_lookup_elem(&xgw_nat_scratch, &zero);
	if (!r || !p)
		return NULL;
	__builtin_memset(p, 0, sizeof(*p));
	p->okey = *k;
	if (k->hook == XGW_NAT_AT_EGRESS)
		rc = xgw_nat_new_source(ctx, r, &w, p, now);
	else
		rc = xgw_nat_new_destination(ctx, r, &w, p, now);
	if (rc) {
		req->failed = 1;
		return NULL;
	}
	p->ob.rule = p->rb.rule = w.found;
	if (xgw_check_only)
		return &p->ob; /* what would be made, in the scratch: nothing is inserted */
	if (bpf_map_update_elem(&xgw_nat_bindings, &p->okey, &p->ob, BPF_ANY)) {
		bpf_map_delete_elem(&xgw_nat_bindings, &p->rkey);
		return NULL;
	}
	xgw_nat_stat(XGW_NAT_STAT_CREATED);
	return bpf_map_lookup_elem(&xgw_nat_bindings, &p->okey);
}

/* Offsets of the IPv4 header and of what follows it, bounded for the verifier. */
static __always_inline int xgw_nat_offsets(const struct xgw_pkt *pkt, __u32 *l3, __u32 *l4)
{
	*l3 = pkt->l3_off;
	*l4 = pkt->l4_off;
	return *l3 <= XGW_NAT_MAX_L4_OFF && *l4 <= XGW_NAT_MAX_L4_OFF;
}

/* Who fixes the TCP/UDP checksum of a rewritten packet. */
enum xgw_nat_l4_csum {
	XGW_NAT_CSUM_BY_HELPER = 0, /* tc: bpf_l4_csum_replace, which knows the skb's state */
	XGW_NAT_CSUM_FULL,	    /* XDP, a frame from a wire: its checksum is a full one */
	XGW_NAT_CSUM_MAYBE_PARTIAL, /* XDP on a veth: its peer may have left it to offload */
};

/*
 * XDP cannot see the skb's CHECKSUM_PARTIAL, only the field: a partial checksum is exactly the
 * pseudo-header's folded sum (never 0: the protocol is in it). A full one equal to it (one in
 * 65,535) is taken for partial: that packet leaves with a bad checksum. Read before the
 * addresses change.
 */
static __always_inline __u16 xgw_nat_pseudo_sum(const struct iphdr *ip)
{
	__u32 s = (ip->saddr & 0xffff) + (ip->saddr >> 16) + (ip->daddr & 0xffff) +
		  (ip->daddr >> 16) + bpf_htons(ip->protocol) +
		  bpf_htons(bpf_ntohs(ip->tot_len) - ip->ihl * 4);

	return (__u16)~xgw_csum_fold(s);
}

/* The frames of a veth may carry partial checksums; any other device's are full. */
static __always_inline int xgw_nat_csum_mode(__u32 ingress_ifindex)
{
	const struct xgw_iface *i = bpf_map_lookup_elem(&xgw_ifaces, &ingress_ifindex);

	return i && (i->flags & XGW_IFACE_VETH) ? XGW_NAT_CSUM_MAYBE_PARTIAL : XGW_NAT_CSUM_FULL;
}

/* The TCP/UDP checksum after an address change (udp: 0 stays "none"). */
static __always_inline void xgw_nat_l4_addr(__u16 *check, int partial, int udp, __u32 from,
					    __u32 to)
{
	if (partial)
		xgw_csum_partial_replace4(check, from, to);
	else if (udp)
		xgw_udp_csum_replace4(check, from, to);
	else
		xgw_csum_replace4(check, from, to);
}

/*
 * Rewrites the source (src) or destination of the packet to addr:port, fixing the TCP/UDP
 * checksum as l4_csum (an enum xgw_nat_l4_csum) says.
 */
static __always_inline int xgw_nat_rewrite(void *data, void *data_end, struct xgw_pkt *pkt,
					   int src, __u32 addr, __u16 port, int l4_csum)
{
	__u32 l3, l4, old_addr;
	struct iphdr *ip;
	__u16 old_port, pseudo;
	int partial;

	if (!xgw_nat_offsets(pkt, &l3, &l4))
		return -1;
	ip = data + l3;
	XGW_NAT_PIN(ip);
	if ((void *)(ip + 1) > data_end)
		return -1;
	old_addr = src ? ip->saddr : ip->daddr;
	pseudo = l4_csum == XGW_NAT_CSUM_MAYBE_PARTIAL ? xgw_nat_pseudo_sum(ip) : 0;
	if (src)
		ip->saddr = addr;
	else
		ip->daddr = addr;
	xgw_csum_replace4(&ip->check, old_addr, addr);
	if (src)
		pkt->src[0] = addr;
	else
		pkt->dst[0] = addr;
	if (!(pkt->flags & XGW_PKT_L4))
		return 0; /* a later fragment: its first fragment's L4 checksum covers it */

	if (pkt->l4_proto == IPPROTO_TCP) {
		struct tcphdr *th = data + l4;

		XGW_NAT_PIN(th);
		if ((void *)(th + 1) > data_end)
			return -1;
		partial = pseudo && th->check == pseudo;
		old_port = src ? th->source : th->dest;
		if (src)
			th->source = port;
		else
			th->dest = port;
		if (l4_csum) {
			xgw_nat_l4_addr(&th->check, partial, 0, old_addr, addr);
			if (!partial)
				xgw_csum_replace2(&th->check, old_port, port);
		}
	} else if (pkt->l4_proto == IPPROTO_UDP) {
		struct udphdr *uh = data + l4;

		XGW_NAT_PIN(uh);
		if ((void *)(uh + 1) > data_end)
			return -1;
		partial = pseudo && uh->check == pseudo;
		old_port = src ? uh->source : uh->dest;
		if (src)
			uh->source = port;
		else
			uh->dest = port;
		if (l4_csum) {
			xgw_nat_l4_addr(&uh->check, partial, 1, old_addr, addr);
			if (!partial)
				xgw_udp_csum_replace2(&uh->check, old_port, port);
		}
	} else if (pkt->l4_proto == IPPROTO_ICMP) {
		struct xgw_icmp_hdr *ih = data + l4;

		XGW_NAT_PIN(ih);
		if ((void *)(ih + 1) > data_end)
			return -1;
		/* ICMP has no pseudo-header: only the identifier counts. */
		old_port = ih->id;
		ih->id = port;
		xgw_csum_replace2(&ih->checksum, old_port, port);
		pkt->sport = port;
		return 0;
	} else {
		return 0;
	}
	if (src)
		pkt->sport = port;
	else
		pkt->dport = port;
	return 0;
}

/* The quoted header of an ICMP error: the packet that caused it, as far as NAT needs. */
struct xgw_nat_inner {
	struct iphdr *ip;
	__u16 *sport; /* the quoted ports (the echo identifier for both on ICMP) */
	__u16 *dport;
	__u16 *l4_csum; /* UDP checksum or the quoted ICMP checksum; NULL: none to fix */
	int l4_udp;
};

/* Finds the quoted datagram; 0 when the error does not quote one NAT could have made. */
static __always_inline int xgw_nat_inner_of(void *data, void *data_end, __u32 l4,
					    struct xgw_nat_inner *in)
{
	struct iphdr *ip = data + l4 + 8;
	void *l4h = data + l4 + 8 + sizeof(*ip);

	if ((void *)(ip + 1) > data_end || ip->ihl != 5 || ip->version != 4)
		return 0;
	if (l4h + 8 > data_end)
		return 0;
	in->ip = ip;
	in->l4_udp = 0;
	in->l4_csum = NULL;
	if (ip->protocol == IPPROTO_TCP || ip->protocol == IPPROTO_UDP) {
		in->sport = l4h;
		in->dport = l4h + 2;
		if (ip->protocol == IPPROTO_UDP) {
			in->l4_csum = l4h + 6;
			in->l4_udp = 1;
		}
		return 1;
	}
	if (ip->protocol == IPPROTO_ICMP && xgw_nat_is_echo(*(__u8 *)l4h)) {
		in->sport = l4h + 4;
		in->dport = l4h + 4;
		in->l4_csum = l4h + 2;
		return 1;
	}
	return 0;
}

/* Changes a quoted 32-bit field, keeping the quoted IP checksum and the ICMP checksum true. */
static __always_inline void xgw_nat_inner_set4(__u16 *icmp_csum, struct xgw_nat_inner *in,
					       __u32 *field, __u32 to)
{
	__u16 old_check = in->ip->check;
	__u32 from = *field;

	*field = to;
	xgw_csum_replace4(&in->ip->check, from, to);
	xgw_csum_replace4(icmp_csum, from, to);
	xgw_csum_replace2(icmp_csum, old_check, in->ip->check);
	if (in->l4_csum && in->l4_udp) {
		__u16 old = *in->l4_csum;

		xgw_udp_csum_replace4(in->l4_csum, from, to);
		xgw_csum_replace2(icmp_csum, old, *in->l4_csum);
	}
}

static __always_inline void xgw_nat_inner_set2(__u16 *icmp_csum, struct xgw_nat_inner *in,
					       __u16 *field, __u16 to)
{
	__u16 from = *field;

	*field = to;
	xgw_csum_replace2(icmp_csum, from, to);
	if (in->l4_csum) {
		__u16 old = *in->l4_csum;

		if (in->l4_udp)
			xgw_udp_csum_replace2(in->l4_csum, from, to);
		else
			xgw_csum_replace2(in->l4_csum, from, to);
		xgw_csum_replace2(icmp_csum, old, *in->l4_csum);
	}
}

/*
 * An ICMP error about a translated flow: the quoted packet went the other way through the
 * binding, so the binding of its reverse says how to translate the error, outside and in.
 */
static __always_inline void xgw_nat_icmp_error(void *data, void *data_end, struct xgw_pkt *pkt,
					       __u32 hook, __u64 now)
{
	struct xgw_nat_binding *b;
	struct xgw_nat_inner in;
	struct xgw_icmp_hdr *ih;
	struct xgw_nat_key k = {};
	struct iphdr *ip;
	__u32 l3, l4, old;

	if (!xgw_nat_offsets(pkt, &l3, &l4))
		return;
	ip = data + l3;
	ih = data + l4;
	if ((void *)(ip + 1) > data_end || (void *)(ih + 1) > data_end)
		return;
	if (!xgw_nat_inner_of(data, data_end, l4, &in))
		return;
	k.saddr = in.ip->daddr;
	k.daddr = in.ip->saddr;
	k.sport = *in.dport;
	k.dport = *in.sport;
	k.proto = in.ip->protocol;
	k.hook = hook;
	b = xgw_nat_find(&k, now);
	if (!b) {
		xgw_nat_stat(XGW_NAT_STAT_ICMP_ERROR_UNKNOWN);
		return;
	}
	if (b->flags & XGW_NAT_B_DST) {
		old = ip->daddr;
		ip->daddr = b->daddr;
		xgw_csum_replace4(&ip->check, old, b->daddr);
		pkt->dst[0] = b->daddr;
		xgw_nat_inner_set4(&ih->checksum, &in, &in.ip->saddr, b->daddr);
		xgw_nat_inner_set2(&ih->checksum, &in, in.sport, b->dport);
	}
	if (b->flags & XGW_NAT_B_SRC) {
		if (ip->saddr == k.saddr) {
			ip->saddr = b->saddr;
			xgw_csum_replace4(&ip->check, k.saddr, b->saddr);
			pkt->src[0] = b->saddr;
		}
		xgw_nat_inner_set4(&ih->checksum, &in, &in.ip->daddr, b->saddr);
		xgw_nat_inner_set2(&ih->checksum, &in, in.dport, b->sport);
	}
	xgw_nat_stat(XGW_NAT_STAT_ICMP_ERROR);
}

/*
 * The binding that translates this packet at this hook, made now if a rule says so; NULL
 * when the packet is not translated (ICMP errors are translated here and return NULL).
 * *drop: a rule should have translated the packet and could not; it must not leave as is.
 */
static __always_inline struct xgw_nat_binding *xgw_nat_lookup(void *ctx, void *data,
							      void *data_end,
							      struct xgw_pkt *pkt, __u32 hook,
							      __u32 ifindex, int *drop)
{
	struct xgw_nat_req req = { .ifindex = ifindex };
	struct xgw_nat_binding *b;
	__u32 live;
	__u64 now;

	if (pkt->l3_proto != ETH_P_IP)
		return NULL;
	live = xgw_nat_live(&req.gen);
	if (!live)
		return NULL;
	req.nrules = live - 1;
	now = bpf_ktime_get_boot_ns();
	if (!xgw_nat_key_of(pkt, hook, &req.key)) {
		if ((pkt->flags & XGW_PKT_FRAG_LATER) && hook == XGW_NAT_AT_EGRESS)
			xgw_nat_new(ctx, pkt, &req); /* only asks whether a rule would translate it */
		else if (pkt->l4_proto == IPPROTO_ICMP && xgw_nat_is_icmp_error(pkt->icmp_type))
			xgw_nat_icmp_error(data, data_end, pkt, hook, now);
		*drop = req.failed;
		return NULL;
	}
	b = xgw_nat_find(&req.key, now);
	if (!b)
		b = xgw_nat_new(ctx, pkt, &req);
	*drop = req.failed;
	if (!b)
		return NULL;
	xgw_nat_touch(b, pkt, now);
	xgw_nat_stat(XGW_NAT_STAT_TRANSLATED);
	return b;
}

enum xgw_nat_outcome {
	XGW_NAT_PASS = 0, /* translated or not, on to the firewall and the stack */
	XGW_NAT_DROP = 1, /* a rule matched and no binding could be made */
	XGW_NAT_TX = 2,   /* a hairpin: back out the way it came, once the firewall agrees */
};

/*
 * A hairpinned packet has both addresses rewritten, its source being this host's own: the
 * stack would drop it as a martian, so it leaves again at once by XDP_TX, MACs from the FIB.
 */
static __always_inline int xgw_nat_hairpin_tx(struct xdp_md *ctx, const struct xgw_pkt *pkt)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct bpf_fib_lookup fib = {};
	struct ethhdr *eth = data;
	int rc;

	if (xgw_l3_link) { /* a point-to-point link: back to the peer, no addresses to find */
		xgw_nat_stat(XGW_NAT_STAT_HAIRPIN);
		return XGW_NAT_TX;
	}
	if ((void *)(eth + 1) > data_end)
		return XGW_NAT_DROP;
	fib.family = XGW_NAT_AF_INET;
	fib.ifindex = ctx->ingress_ifindex;
	fib.ipv4_src = pkt->src[0];
	fib.ipv4_dst = pkt->dst[0];
	rc = bpf_fib_lookup(ctx, &fib, sizeof(fib), XGW_FIB_LOOKUP_OUTPUT);
	if (rc != BPF_FIB_LKUP_RET_SUCCESS || fib.ifindex != ctx->ingress_ifindex) {
		xgw_nat_stat(XGW_NAT_STAT_HAIRPIN_NO_NEIGH);
		return XGW_NAT_DROP;
	}
	__builtin_memcpy(eth->h_dest, fib.dmac, ETH_ALEN);
	__builtin_memcpy(eth->h_source, fib.smac, ETH_ALEN);
	xgw_nat_stat(XGW_NAT_STAT_HAIRPIN);
	return XGW_NAT_TX;
}

/* Rewrites the packet as the binding says, checksums in place; 0, or -1 to drop it. */
static __always_inline int xgw_nat_xdp_apply(struct xdp_md *ctx, struct xgw_pkt *pkt,
					     const struct xgw_nat_binding *b)
{
	__u32 saddr = b->saddr, daddr = b->daddr, flags = b->flags;
	__u16 sport = b->sport, dport = b->dport;
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	int csum = xgw_nat_csum_mode(ctx->ingress_ifindex);

	if ((flags & XGW_NAT_B_SRC) && xgw_nat_rewrite(data, data_end, pkt, 1, saddr, sport, csum))
		return -1;
	if ((flags & XGW_NAT_B_DST) && xgw_nat_rewrite(data, data_end, pkt, 0, daddr, dport, csum))
		return -1;
	return 0;
}

/*
 * A hairpin: both directions are translated here, before the firewall. The request is judged
 * as it became (the router's inside address to the inside host), so its reply is judged as it
 * arrived (the inside host to the router): that is what the request's keep-state flow holds.
 * The packet leaves translated either way. Out of line: its saved view gets a frame of its
 * own, off the chain that makes new bindings.
 */
static __noinline int xgw_nat_hairpin(struct xdp_md *ctx, struct xgw_pkt *pkt,
				      const struct xgw_nat_binding *b)
{
	__u32 seen_src = pkt->src[0], seen_dst = pkt->dst[0];
	__u16 seen_sport = pkt->sport, seen_dport = pkt->dport;
	int reply = !(b->flags & XGW_NAT_B_ORIG), rc;

	if (xgw_nat_xdp_apply(ctx, pkt, b))
		return XGW_NAT_DROP;
	rc = xgw_nat_hairpin_tx(ctx, pkt);
	if (reply) {
		pkt->src[0] = seen_src;
		pkt->dst[0] = seen_dst;
		pkt->sport = seen_sport;
		pkt->dport = seen_dport;
	}
	return rc;
}

/*
 * NAT in XDP, at ingress (hook XGW_NAT_AT_INGRESS: replies to source translations, new and
 * known redirects, hairpins) or, for a packet the forwarding offload sends out of ifindex, at
 * egress (source NAT, which tc egress does for what the stack forwards and the redirect
 * bypasses). Returns an enum xgw_nat_outcome. A global function: verified once, not once per
 * path through the parser.
 */
__noinline int xgw_nat_xdp(struct xdp_md *ctx, struct xgw_pkt *pkt, __u32 hook, __u32 ifindex)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct xgw_nat_binding *b;
	int drop = 0;

	if (!pkt)
		return XGW_NAT_PASS;
	b = xgw_nat_lookup(ctx, data, data_end, pkt, hook, ifindex, &drop);
	if (!b)
		return drop ? XGW_NAT_DROP : XGW_NAT_PASS;
	if (hook == XGW_NAT_AT_INGRESS &&
	    (b->flags & (XGW_NAT_B_SRC | XGW_NAT_B_DST)) == (XGW_NAT_B_SRC | XGW_NAT_B_DST))
		return xgw_nat_hairpin(ctx, pkt, b);
	return xgw_nat_xdp_apply(ctx, pkt, b) ? XGW_NAT_DROP : XGW_NAT_PASS;
}

/* One rewrite at tc: the TCP/UDP checksum by helper, the rest in place. */
static __always_inline int xgw_nat_tc_rewrite(struct __sk_buff *skb, struct xgw_pkt *pkt, int src,
					      __u32 addr, __u16 port)
{
	__u32 old_addr = src ? pkt->src[0] : pkt->dst[0], l3, l4, csum_off;
	__u16 old_port = src ? pkt->sport : pkt->dport;
	int udp = pkt->l4_proto == IPPROTO_UDP;

	if ((pkt->l4_proto == IPPROTO_TCP || udp) && (pkt->flags & XGW_PKT_L4) &&
	    xgw_nat_offsets(pkt, &l3, &l4)) {
		__u64 mangled = udp ? BPF_F_MARK_MANGLED_0 : 0;

		csum_off = l4 + (udp ? offsetof(struct udphdr, check) : offsetof(struct tcphdr, check));
		bpf_l4_csum_replace(skb, csum_off, old_addr, addr,
				    BPF_F_PSEUDO_HDR | mangled | sizeof(addr));
		bpf_l4_csum_replace(skb, csum_off, old_port, port, mangled | sizeof(port));
	}
	return xgw_nat_rewrite((void *)(long)skb->data, (void *)(long)skb->data_end, pkt, src, addr,
			       port, XGW_NAT_CSUM_BY_HELPER);
}

/*
 * NAT at tc egress. The TCP/UDP checksum goes through bpf_l4_csum_replace: a packet built
 * by this host (or forwarded with offloads) may carry only the pseudo-header sum there.
 * Returns 1 when the packet must be dropped: a rule matched and no binding could be made
 * (ports exhausted), so it would leak with its inside address. Global, as xgw_nat_xdp.
 */
__noinline int xgw_nat_tc(struct __sk_buff *skb, struct xgw_pkt *pkt)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct xgw_nat_binding *b;
	__u32 saddr, daddr, flags;
	__u16 sport, dport;
	int drop = 0;

	if (!pkt)
		return 0;
	b = xgw_nat_lookup(skb, data, data_end, pkt, XGW_NAT_AT_EGRESS, skb->ifindex, &drop);
	if (!b)
		return drop;
	flags = b->flags;
	saddr = b->saddr;
	daddr = b->daddr;
	sport = b->sport;
	dport = b->dport;
	if ((flags & XGW_NAT_B_SRC) && xgw_nat_tc_rewrite(skb, pkt, 1, saddr, sport))
		return 1;
	if ((flags & XGW_NAT_B_DST) && xgw_nat_tc_rewrite(skb, pkt, 0, daddr, dport))
		return 1;
	return 0;
}
