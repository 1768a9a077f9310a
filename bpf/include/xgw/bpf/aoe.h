/*
 * AoE steering: validate the header of an EtherType 0x88A2 frame (a refusal is counted by
 * reason; a refused request for a known target still reaches it, to be answered), check the
 * initiator against the target's allow-list, count per (interface, shelf, slot), and act:
 * AF_XDP socket, another interface, a CPU, pass or drop. Requests for targets xgw does not
 * know pass.
 * The table has two generations; xgw_aoe_state names the live one.
 */
#pragma once
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include <xgw/abi/aoe.h>
#include <xgw/bpf/parse.h>
#include <xgw/bpf/stats.h>

#define XGW_AOE_CPUS 256

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xgw_aoe_state);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_aoe_state SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 2 * XGW_AOE_MAX_TARGETS);
	__type(key, struct xgw_aoe_key);
	__type(value, struct xgw_aoe_target);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_aoe_targets SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 2 * XGW_AOE_MAX_TARGETS);
	__type(key, struct xgw_aoe_key);
	__type(value, struct xgw_aoe_fanout);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_aoe_fanout SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 2 * XGW_AOE_MAX_TARGETS * XGW_AOE_MAX_MACS);
	__type(key, struct xgw_aoe_mac_key);
	__type(value, __u32);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_aoe_macs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, XGW_AOE_MAX_TARGETS);
	__type(key, struct xgw_aoe_stats_key);
	__type(value, struct xgw_aoe_stats);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_aoe_stats SEC(".maps");

/* The registry of running xgw targets; only user space reads and writes it. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, XGW_AOE_MAX_TARGETS);
	__type(key, struct xgw_aoe_stats_key);
	__type(value, struct xgw_aoe_export);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_aoe_exports SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_XSKMAP);
	__uint(max_entries, XGW_AOE_MAX_TARGETS);
	__type(key, __u32);
	__type(value, __u32);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_aoe_xsks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_CPUMAP);
	__uint(max_entries, XGW_AOE_CPUS);
	__type(key, __u32);
	__type(value, struct bpf_cpumap_val);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_aoe_cpus SEC(".maps");

/* What validation learned about a request. */
struct xgw_aoe_req {
	__u16 shelf;
	__u8 slot;
	__u8 command;
	__u8 response;
	__u8 addressed; /* the header was readable: shelf and slot are known */
	__u8 src[6];
};

/* The payload after the AoE header, as far as the frame goes. */
static __always_inline __u32 xgw_aoe_room(void *args, void *data_end)
{
	__u32 room = data_end - args;

	/* Keeps clang from folding the subtraction into pointer arithmetic the verifier refuses. */
	asm volatile("" : "+r"(room));
	return room;
}

static __always_inline int xgw_aoe_check_args(void *args, void *data_end, __u8 command)
{
	__u32 room = xgw_aoe_room(args, data_end);

	switch (command) {
	case XGW_AOE_CMD_ATA: {
		struct xgw_aoe_ata *ata = args;

		if ((void *)(ata + 1) > data_end)
			return XGW_REASON_AOE_ARGS_TRUNC;
		if ((ata->aflags & XGW_AOE_ATA_WRITE) &&
		    (__u32)ata->sector_count * 512 > room - sizeof(*ata))
			return XGW_REASON_AOE_WRITE_SHORT;
		return XGW_REASON_NONE;
	}
	case XGW_AOE_CMD_CONFIG: {
		struct xgw_aoe_cfg *cfg = args;

		if ((void *)(cfg + 1) > data_end ||
		    bpf_ntohs(cfg->config_len) > room - sizeof(*cfg))
			return XGW_REASON_AOE_ARGS_TRUNC;
		return XGW_REASON_NONE;
	}
	case XGW_AOE_CMD_MASK: {
		struct xgw_aoe_mask *m = args;

		if ((void *)(m + 1) > data_end)
			return XGW_REASON_AOE_ARGS_TRUNC;
		if (m->command == 1 &&
		    (__u32)m->dir_count * sizeof(struct xgw_aoe_mask_dir) > room - sizeof(*m))
			return XGW_REASON_AOE_ARGS_TRUNC;
		return XGW_REASON_NONE;
	}
	case XGW_AOE_CMD_RESERVE: {
		struct xgw_aoe_reserve *r = args;

		if ((void *)(r + 1) > data_end)
			return XGW_REASON_AOE_ARGS_TRUNC;
		if ((r->command == 1 || r->command == 2) && (__u32)r->nmacs * 6 > room - sizeof(*r))
			return XGW_REASON_AOE_ARGS_TRUNC;
		return XGW_REASON_NONE;
	}
	}
	return XGW_REASON_AOE_BAD_COMMAND;
}

/* Validates the AoE header at l3_off; responses are checked only as far as the version. */
static __always_inline int xgw_aoe_validate(void *data, void *data_end, __u16 l3_off,
					    struct xgw_aoe_req *req)
{
	struct ethhdr *eth = data;
	struct xgw_aoe_hdr *h;

	if ((void *)(eth + 1) > data_end)
		return XGW_REASON_AOE_TRUNC;
	__builtin_memcpy(req->src, eth->h_source, 6);
	h = data + (l3_off & 0x3f); /* Ethernet and at most two tags: the mask bounds it for the verifier */
	if ((void *)(h + 1) > data_end)
		return XGW_REASON_AOE_TRUNC;
	req->shelf = bpf_ntohs(h->shelf);
	req->slot = h->slot;
	req->command = h->command;
	req->response = !!(h->ver_flags & XGW_AOE_FLAG_RESPONSE);
	req->addressed = 1;
	if ((h->ver_flags >> 4) != XGW_AOE_VERSION)
		return XGW_REASON_AOE_BAD_VERSION;
	if (req->response)
		return XGW_REASON_NONE;
	return xgw_aoe_check_args(h + 1, data_end, h->command);
}

static __always_inline __u32 xgw_aoe_gen(void)
{
	__u32 zero = 0;
	struct xgw_aoe_state *st = bpf_map_lookup_elem(&xgw_aoe_state, &zero);

	return st ? st->gen & 1 : 0;
}

static __always_inline void xgw_aoe_count(__u32 ifindex, __u16 shelf, __u8 slot, __u32 which,
					  __u32 len, __u32 command)
{
	struct xgw_aoe_stats_key key = { .ifindex = ifindex, .shelf = shelf, .slot = slot };
	struct xgw_aoe_stats *s = bpf_map_lookup_elem(&xgw_aoe_stats, &key);

	if (!s)
		return;
	if (which < XGW_AOE_C__MAX)
		s->c[which]++;
	if (which != XGW_AOE_C_FRAMES)
		return;
	s->c[XGW_AOE_C_BYTES] += len;
	command += XGW_AOE_C_ATA;
	/* Checked on the register that indexes: clang would otherwise hoist the index past the check. */
	asm volatile("" : "+r"(command));
	if (command < XGW_AOE_C_ATA + XGW_AOE_CMD__MAX)
		s->c[command]++;
}

/* True when the target admits the initiator (an empty allow-list admits everyone). */
static __always_inline int xgw_aoe_admits(const struct xgw_aoe_key *key,
					  const struct xgw_aoe_target *t, const __u8 *src)
{
	struct xgw_aoe_mac_key mk = { .target = *key };

	if (!t->nmacs)
		return 1;
	__builtin_memcpy(mk.mac, src, 6);
	return bpf_map_lookup_elem(&xgw_aoe_macs, &mk) != NULL;
}

static __always_inline int xgw_aoe_act(struct xdp_md *ctx, const struct xgw_aoe_key *key,
				       const struct xgw_aoe_target *t, __u32 len)
{
	switch (t->action) {
	case XGW_AOE_ACT_DROP:
		return XDP_DROP;
	case XGW_AOE_ACT_XSK:
		/* A socket sees only its own queue; other queues reach the target's AF_PACKET socket. */
		if (ctx->rx_queue_index != t->queue)
			return XDP_PASS;
		/* A frame the socket's UMEM cannot hold would be dropped there: AF_PACKET takes it. */
		if (len > XGW_AOE_XSK_RX_MAX) {
			xgw_aoe_count(key->ifindex, key->shelf, key->slot, XGW_AOE_C_OVERSIZE, 0, 0);
			return XDP_PASS;
		}
		return bpf_redirect_map(&xgw_aoe_xsks, t->arg, XDP_PASS);
	case XGW_AOE_ACT_REDIRECT:
		return bpf_redirect(t->arg, 0);
	case XGW_AOE_ACT_CPU:
		return bpf_redirect_map(&xgw_aoe_cpus, t->arg, XDP_PASS);
	}
	return XDP_PASS;
}

/* A request the XDP checks refused still reaches its target, which answers it with the AoE error. */
static __always_inline void xgw_aoe_count_request(const struct xgw_aoe_key *key,
						  const struct xgw_aoe_req *req, __u32 len, int reason)
{
	xgw_aoe_count(key->ifindex, key->shelf, key->slot, XGW_AOE_C_FRAMES, len, req->command);
	if (reason != XGW_REASON_NONE)
		xgw_aoe_count(key->ifindex, key->shelf, key->slot, XGW_AOE_C_ERRORS, 0, 0);
}

/* Returns -1 when no entry names the target: the caller decides as for any unknown frame. */
static __always_inline int xgw_aoe_unicast(struct xdp_md *ctx, struct xgw_aoe_req *req,
					   __u32 gen, __u32 len, int reason)
{
	struct xgw_aoe_key key = { .ifindex = ctx->ingress_ifindex, .shelf = req->shelf,
				   .slot = req->slot, .gen = gen };
	struct xgw_aoe_target *t = bpf_map_lookup_elem(&xgw_aoe_targets, &key);
	int action;

	if (!t)
		return -1;
	xgw_aoe_count_request(&key, req, len, reason);
	if (!xgw_aoe_admits(&key, t, req->src)) {
		xgw_aoe_count(key.ifindex, req->shelf, req->slot, XGW_AOE_C_DENIED, 0, 0);
		return XDP_DROP;
	}
	action = xgw_aoe_act(ctx, &key, t, len);
	xgw_aoe_count(key.ifindex, req->shelf, req->slot,
		      action == XDP_PASS ? XGW_AOE_C_PASSED
		      : action == XDP_DROP ? XGW_AOE_C_DROPPED
					   : XGW_AOE_C_STEERED,
		      0, 0);
	return action;
}

/*
 * A response goes back the way its request came: where the entry on the interface it arrives
 * on redirects (an AoE switch between two segments), so does the response; every other
 * response passes untouched (a machine that is itself an initiator gets its answers).
 */
static __always_inline int xgw_aoe_response(struct xdp_md *ctx, struct xgw_aoe_req *req, __u32 gen)
{
	struct xgw_aoe_key key = { .ifindex = ctx->ingress_ifindex, .shelf = req->shelf,
				   .slot = req->slot, .gen = gen };
	struct xgw_aoe_target *t = bpf_map_lookup_elem(&xgw_aoe_targets, &key);

	if (!t || t->action != XGW_AOE_ACT_REDIRECT)
		return XDP_PASS;
	xgw_aoe_count(key.ifindex, req->shelf, req->slot, XGW_AOE_C_RESPONSES, 0, 0);
	return bpf_redirect(t->arg, 0);
}

/*
 * A wildcard request (discovery) is counted by every xgw target it names and goes to the
 * stack: there every target on the interface sees it, xgw's through their AF_PACKET sockets
 * (each checks its own allow-list) and any other, such as a vblade beside them, which a
 * steering decision would have hidden it from. Discovery is rare; its path need not be fast.
 */
static __always_inline int xgw_aoe_broadcast(struct xdp_md *ctx, struct xgw_aoe_req *req,
					     __u32 gen, __u32 len, int reason)
{
	struct xgw_aoe_key key = { .ifindex = ctx->ingress_ifindex, .shelf = req->shelf,
				   .slot = req->slot, .gen = gen };
	struct xgw_aoe_fanout *f = bpf_map_lookup_elem(&xgw_aoe_fanout, &key);
	int i;

	if (!f)
		return -1;
	for (i = 0; i < XGW_AOE_FANOUT; i++) {
		struct xgw_aoe_target *t;

		if (i >= f->count)
			break;
		key.shelf = f->member[i].shelf;
		key.slot = f->member[i].slot;
		t = bpf_map_lookup_elem(&xgw_aoe_targets, &key);
		if (!t || t->action == XGW_AOE_ACT_DROP)
			continue;
		xgw_aoe_count_request(&key, req, len, reason);
		xgw_aoe_count(key.ifindex, key.shelf, key.slot, XGW_AOE_C_BROADCAST, 0, 0);
		if (!xgw_aoe_admits(&key, t, req->src))
			xgw_aoe_count(key.ifindex, key.shelf, key.slot, XGW_AOE_C_DENIED, 0, 0);
	}
	return XDP_PASS;
}

static __always_inline __u32 xgw_aoe_verdict(int action)
{
	switch (action) {
	case XDP_DROP:
		return XGW_VERDICT_DROP;
	case XDP_REDIRECT:
		return XGW_VERDICT_REDIRECT;
	case XDP_TX:
		return XGW_VERDICT_TX;
	case XDP_ABORTED:
		return XGW_VERDICT_ABORTED;
	}
	return XGW_VERDICT_PASS;
}

/*
 * The AoE stage of the XDP pipeline for a frame the parser found to be AoE: returns the XDP
 * action in the low byte and the drop reason above it (a packed return value keeps both exact
 * for the verifier). A malformed request whose header names a known target is steered as a
 * well-formed one, so the target (xgw's or a vblade) answers it with the AoE error instead of
 * leaving the initiator to time out; the malformed policy decides only what no target claims.
 * Out of line, so that its stack frame does not add to the firewall's.
 */
static __noinline int xgw_aoe_xdp(struct xdp_md *ctx, const struct xgw_pkt *pkt)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u32 len = data_end - data;
	struct xgw_aoe_req req = {};
	int reason, action = -1;
	__u32 gen;

	reason = xgw_aoe_validate(data, data_end, pkt->l3_off, &req);
	gen = xgw_aoe_gen();
	if (req.response && reason == XGW_REASON_NONE)
		return xgw_aoe_response(ctx, &req, gen);
	if (req.addressed && !req.response) {
		if (req.shelf == XGW_AOE_SHELF_ANY || req.slot == XGW_AOE_SLOT_ANY)
			action = xgw_aoe_broadcast(ctx, &req, gen, len, reason);
		else
			action = xgw_aoe_unicast(ctx, &req, gen, len, reason);
	}
	if (action < 0)
		action = reason == XGW_REASON_NONE || xgw_malformed_policy() != XGW_MALFORMED_DROP
				 ? XDP_PASS
				 : XDP_DROP;
	return action | reason << 8;
}
