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

