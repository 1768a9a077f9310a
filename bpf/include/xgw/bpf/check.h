/*
 * `xgw fw check` runs a copy of the programs loaded with xgw_check_only set: the same
 * pipeline over the live maps, answering what it would do with a packet, with every side
 * effect left out (no counter, flow, binding, fragment memory or log entry changes). What
 * would have been counted is noted instead, in the copy's private xgw_check_notes.
 */
#pragma once
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

const volatile __u32 xgw_check_only = 0;

/* One bit per NAT counter the run would have moved (enum xgw_nat_stat). Not pinned. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} xgw_check_notes SEC(".maps");

static __always_inline void xgw_check_note(__u32 bit)
{
	__u32 zero = 0;
	__u64 *n = bpf_map_lookup_elem(&xgw_check_notes, &zero);

	if (n && bit < 64)
		*n |= 1ULL << bit;
}
