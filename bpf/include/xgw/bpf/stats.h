/* Per-interface, per-direction counters by verdict and by malformed reason. */
#pragma once
#include <xgw/bpf/maps.h>

/* Kept out of line: the zeroed value needs its own stack frame. */
static __noinline struct xgw_if_stats *xgw_stats_create(struct xgw_stats_key *key)
{
	struct xgw_if_stats zero;

	__builtin_memset(&zero, 0, sizeof(zero));
	bpf_map_update_elem(&xgw_stats, key, &zero, BPF_NOEXIST);
	return bpf_map_lookup_elem(&xgw_stats, key);
}

static __always_inline void xgw_stats_count(__u32 ifindex, __u32 dir, __u32 verdict,
					    __u32 reason, __u64 bytes)
{
	struct xgw_stats_key key = { .ifindex = ifindex, .dir = dir };
	struct xgw_if_stats *s;

	if (xgw_check_only)
		return;
	s = bpf_map_lookup_elem(&xgw_stats, &key);
	if (!s)
		s = xgw_stats_create(&key);
	if (!s)
		return;
	if (verdict < XGW_VERDICT__MAX) {
		s->verdict[verdict].packets++;
		s->verdict[verdict].bytes += bytes;
	}
	if (reason != XGW_REASON_NONE && reason < XGW_REASON_SLOTS)
		s->reason[reason]++;
}

static __always_inline __u32 xgw_malformed_policy(void)
{
	__u32 zero = 0;
	struct xgw_config *cfg = bpf_map_lookup_elem(&xgw_config, &zero);

	return cfg ? cfg->malformed_policy : XGW_MALFORMED_DROP;
}
