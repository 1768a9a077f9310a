/*
 * Incremental Internet checksum updates (RFC 1624) on fields in packet memory: the sum is
 * byte-order neutral, so values are used as they sit in the packet.
 */
#pragma once
#include <linux/types.h>

static __always_inline __u16 xgw_csum_fold(__u32 s)
{
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return (__u16)~s;
}

/* HC' = ~(~HC + ~m + m') for a 32-bit field m changing to m'. */
static __always_inline void xgw_csum_replace4(__u16 *sum, __u32 from, __u32 to)
{
	__u32 s = (__u16)~*sum;

	s += (__u16)~from;
	s += (__u16)~(from >> 16);
	s += to & 0xffff;
	s += to >> 16;
	*sum = xgw_csum_fold(s);
}

static __always_inline void xgw_csum_replace2(__u16 *sum, __u16 from, __u16 to)
{
	__u32 s = (__u16)~*sum;

	s += (__u16)~from;
	s += to;
	*sum = xgw_csum_fold(s);
}

/*
 * A partial checksum (CHECKSUM_PARTIAL: a veth's peer left it to offload) holds only the
 * pseudo-header's sum, not complemented; whoever finishes it sums the rest. An address change
 * moves that sum; a port change nothing, since the port is summed later.
 */
static __always_inline void xgw_csum_partial_replace4(__u16 *sum, __u32 from, __u32 to)
{
	__u32 s = *sum;

	s += (__u16)~from;
	s += (__u16)~(from >> 16);
	s += to & 0xffff;
	s += to >> 16;
	*sum = (__u16)~xgw_csum_fold(s);
}

/* A UDP checksum of 0 means "none" and stays so; a computed 0 is sent as 0xffff. */
static __always_inline void xgw_udp_csum_replace4(__u16 *sum, __u32 from, __u32 to)
{
	if (!*sum)
		return;
	xgw_csum_replace4(sum, from, to);
	if (!*sum)
		*sum = 0xffff;
}

static __always_inline void xgw_udp_csum_replace2(__u16 *sum, __u16 from, __u16 to)
{
	if (!*sum)
		return;
	xgw_csum_replace2(sum, from, to);
	if (!*sum)
		*sum = 0xffff;
}
