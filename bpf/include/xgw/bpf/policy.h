/*
 * Policy routing in the data path: what the firewall's setmark, setfib and fwd rules decided
 * reaches the kernel's routing. XDP forwards by itself when it can (the mark and the next hop
 * go to bpf_fib_lookup, policy_xdp.h); otherwise it leaves them in XDP metadata, and the tc
 * ingress program writes skb->mark before the stack routes the packet, or sends it to the next
 * hop (policy_tc.h). This header: what the firewall's walk left.
 */
#pragma once
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <xgw/abi/policy.h>
#include <xgw/bpf/fw.h>

/*
 * The kernel lets XDP write metadata (bpf_xdp_adjust_meta): set by the loader from a probe in
 * both programs, since some kernels refuse the helper; the verifier then skips the calls.
 */
const volatile __u32 xgw_xdp_meta_ok = 1;

/* Where the kernel refuses XDP metadata, XDP leaves the same words in this note (abi/policy.h). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xgw_xdp_note);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_xdp_notes SEC(".maps");

static __always_inline struct xgw_xdp_note *xgw_policy_note(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&xgw_xdp_notes, &zero);
}

static __always_inline struct xgw_fw_walk *xgw_policy_walk(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&xgw_fw_walks, &zero);
}

static __always_inline const struct xgw_fw_nexthop *xgw_policy_nexthop(const struct xgw_fw_walk *w)
{
	__u32 slot;

	if (!w || !w->nexthop)
		return NULL;
	slot = w->nexthop - 1;
	return bpf_map_lookup_elem(&xgw_fw_nexthops, &slot);
}

