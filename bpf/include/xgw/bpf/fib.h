/* What the forwarding paths share: FIB lookup constants and the hop's TTL decrement. */
#pragma once
#include <linux/ip.h>
#include <bpf/bpf_endian.h>

/* Kernel 6.10 and later read a mark for policy rules; Debian's linux/bpf.h predates it. */
#define XGW_FIB_LOOKUP_MARK (1U << 5)
#define XGW_AF_INET 2
#define XGW_AF_INET6 10
#define XGW_IPV6_FLOWINFO_MASK bpf_htonl(0x0FFFFFFF)
#define XGW_EINVAL 22

/* The kernel's ip_decrease_ttl: one's complement add of the TTL's weight. */
static __always_inline void xgw_fwd_ttl4(struct iphdr *ip)
{
	__u32 check = ip->check;

	check += bpf_htons(0x0100);
	ip->check = (__sum16)(check + (check >= 0xFFFF));
	ip->ttl--;
}
