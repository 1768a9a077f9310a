/*
 * The answers of `reject` and `unreach`: the offending frame is rewritten in place into a TCP
 * reset (RFC 9293 3.10.7.1, as RFC 793) or an ICMP/ICMPv6 destination unreachable that quotes
 * it, addressed back to its sender. XDP sends it out again (XDP_TX); tc egress hands it to the
 * local stack. Every access goes through the load/store helpers, so one body serves both hooks
 * (xdp is a constant the compiler folds) and non-linear skbs.
 */
#pragma once
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include <xgw/abi/fw.h>
#include <xgw/bpf/fw.h>
#include <xgw/bpf/parse.h>

#define XGW_RJ_TTL 64
#define XGW_RJ_ICMP6_QUOTE (1280 - 40 - 8) /* RFC 4443 2.4(c): the error fits the minimum MTU */
#define XGW_RJ_CHUNK 64
#define XGW_RJ_L2_MAX 22 /* Ethernet and two VLAN tags */
#define XGW_TCP_FIN 0x01
#define XGW_TCP_SYN 0x02
#define XGW_TCP_RST 0x04
#define XGW_TCP_ACK 0x10

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XGW_FW_REPLY__MAX);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} xgw_fw_replies SEC(".maps");

/* Headers as written on the wire; no bitfields, so the layout does not depend on the target. */
struct xgw_rj_ip4 {
	__u8 ver_ihl;
	__u8 tos;
	__be16 tot_len;
	__be16 id;
	__be16 frag_off;
	__u8 ttl;
	__u8 protocol;
	__sum16 check;
	__be32 saddr;
	__be32 daddr;
};

struct xgw_rj_ip6 {
	__be32 ver_tc_flow;
	__be16 payload_len;
	__u8 nexthdr;
	__u8 hop_limit;
	__u32 saddr[4];
	__u32 daddr[4];
};

struct xgw_rj_tcp {
	__be16 source;
	__be16 dest;
	__be32 seq;
	__be32 ack_seq;
	__u8 doff;  /* data offset in the high nibble */
	__u8 flags;
	__be16 window;
	__sum16 check;
	__be16 urg_ptr;
};

/* The pseudo header of TCP and ICMPv6 checksums, for both families (IPv4 uses the first 12). */
struct xgw_rj_pseudo {
	__u32 saddr[4];
	__u32 daddr[4];
	__be32 len;
	__u8 zero[3];
	__u8 proto;
};

struct xgw_rj_pseudo4 {
	__be32 saddr;
	__be32 daddr;
	__u8 zero;
	__u8 proto;
	__be16 len;
};

static __always_inline void xgw_rj_count(__u32 which)
{
	__u32 zero = 0;
	struct xgw_fw_walk *w = bpf_map_lookup_elem(&xgw_fw_walks, &zero);
	__u64 *v;

	if (w && w->dry_run)
		return;
	v = bpf_map_lookup_elem(&xgw_fw_replies, &which);
	if (v)
		(*v)++;
}

static __always_inline long xgw_rj_load(void *ctx, int xdp, __u32 off, void *to, __u32 len)
{
	if (xdp)
		return bpf_xdp_load_bytes(ctx, off, to, len);
	return bpf_skb_load_bytes(ctx, off, to, len);
}

static __always_inline long xgw_rj_store(void *ctx, int xdp, __u32 off, void *from, __u32 len)
{
	if (xdp)
		return bpf_xdp_store_bytes(ctx, off, from, len);
	return bpf_skb_store_bytes(ctx, off, from, len, 0);
}

/* Grows the frame by len bytes at its front. */
static __always_inline long xgw_rj_push(void *ctx, int xdp, __u32 len)
{
	if (xdp)
		return bpf_xdp_adjust_head(ctx, -(int)len);
	return bpf_skb_change_head(ctx, len, 0);
}

/* Cuts the frame to len bytes. */
static __always_inline long xgw_rj_trim(void *ctx, int xdp, __u32 len)
{
	if (xdp)
		return bpf_xdp_adjust_tail(ctx, (int)len - (int)bpf_xdp_get_buff_len(ctx));
	return bpf_skb_change_tail(ctx, len, 0);
}

static __always_inline __u16 xgw_rj_fold(__u64 sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

/* Adds len bytes of the frame at off to a checksum, a chunk at a time (the tail zero-padded). */
static __always_inline __s64 xgw_rj_csum_frame(void *ctx, int xdp, __u32 off, __u32 len, __s64 sum)
{
	__u8 buf[XGW_RJ_CHUNK];
	__u32 done, n;
	int i;

	for (i = 0; i < XGW_RJ_ICMP6_QUOTE / XGW_RJ_CHUNK + 1; i++) {
		done = i * XGW_RJ_CHUNK;
		if (done >= len || sum < 0)
			break;
		n = len - done;
		if (n > XGW_RJ_CHUNK)
			n = XGW_RJ_CHUNK;
		n = ((n - 1) & (XGW_RJ_CHUNK - 1)) + 1; /* 1..64, in a form the verifier can see */
		__builtin_memset(buf, 0, sizeof(buf));
		if (xgw_rj_load(ctx, xdp, off + done, buf, n))
			return -1;
		sum = bpf_csum_diff(NULL, 0, (void *)buf, sizeof(buf), sum);
	}
	return sum;
}

/* Swaps the Ethernet addresses: the answer goes back where the frame came from. */
static __always_inline int xgw_rj_swap_macs(void *ctx, int xdp)
{
	__u8 macs[12], swapped[12];

	if (xgw_l3_link) /* no link header: the answer goes back by the same link as it is */
		return 0;

	if (xgw_rj_load(ctx, xdp, 0, macs, sizeof(macs)))
		return -1;
	__builtin_memcpy(swapped, macs + 6, 6);
	__builtin_memcpy(swapped + 6, macs, 6);
	return xgw_rj_store(ctx, xdp, 0, swapped, sizeof(swapped)) ? -1 : 0;
}

static __always_inline void xgw_rj_ip4_header(struct xgw_rj_ip4 *ip, const struct xgw_pkt *pkt,
					      __u8 proto, __u32 len)
{
	__builtin_memset(ip, 0, sizeof(*ip));
	ip->ver_ihl = 0x45;
	ip->tot_len = bpf_htons(len);
	ip->ttl = XGW_RJ_TTL;
	ip->protocol = proto;
	ip->saddr = pkt->dst[0];
	ip->daddr = pkt->src[0];
	ip->check = xgw_rj_fold(bpf_csum_diff(NULL, 0, (void *)ip, sizeof(*ip), 0));
}

static __always_inline void xgw_rj_ip6_header(struct xgw_rj_ip6 *ip, const struct xgw_pkt *pkt,
					      __u8 proto, __u32 payload)
{
	ip->ver_tc_flow = bpf_htonl(0x60000000);
	ip->payload_len = bpf_htons(payload);
	ip->nexthdr = proto;
	ip->hop_limit = XGW_RJ_TTL;
	__builtin_memcpy(ip->saddr, pkt->dst, 16);
	__builtin_memcpy(ip->daddr, pkt->src, 16);
}

/* The pseudo header sum of the answer (source and destination swapped) for proto and len. */
static __always_inline __s64 xgw_rj_pseudo_sum(const struct xgw_pkt *pkt, __u8 proto, __u32 len)
{
	if (pkt->l3_proto == ETH_P_IPV6) {
		struct xgw_rj_pseudo ph = { .len = bpf_htonl(len), .proto = proto };

		__builtin_memcpy(ph.saddr, pkt->dst, 16);
		__builtin_memcpy(ph.daddr, pkt->src, 16);
		return bpf_csum_diff(NULL, 0, (void *)&ph, sizeof(ph), 0);
	} else {
		struct xgw_rj_pseudo4 ph = { .saddr = pkt->dst[0], .daddr = pkt->src[0],
					     .proto = proto, .len = bpf_htons(len) };

		return bpf_csum_diff(NULL, 0, (void *)&ph, sizeof(ph), 0);
	}
}

/* Writes the answer's IP header (and its L4 header, l4 bytes at l4hdr) at the L3 offset. */
static __always_inline int xgw_rj_write(void *ctx, int xdp, const struct xgw_pkt *pkt, __u8 proto,
					__u32 l4_len, void *l4hdr, __u32 l4hdr_len)
{
	__u32 l3 = pkt->l3_off & 0x1f;

	if (pkt->l3_proto == ETH_P_IPV6) {
		struct xgw_rj_ip6 ip;

		xgw_rj_ip6_header(&ip, pkt, proto, l4_len);
		if (xgw_rj_store(ctx, xdp, l3, &ip, sizeof(ip)) ||
		    xgw_rj_store(ctx, xdp, l3 + sizeof(ip), l4hdr, l4hdr_len))
			return -1;
	} else {
		struct xgw_rj_ip4 ip;

		xgw_rj_ip4_header(&ip, pkt, proto, sizeof(ip) + l4_len);
		if (xgw_rj_store(ctx, xdp, l3, &ip, sizeof(ip)) ||
		    xgw_rj_store(ctx, xdp, l3 + sizeof(ip), l4hdr, l4hdr_len))
			return -1;
	}
	return xgw_rj_swap_macs(ctx, xdp);
}

static __always_inline __u32 xgw_rj_ip_hlen(const struct xgw_pkt *pkt)
{
	return pkt->l3_proto == ETH_P_IPV6 ? sizeof(struct xgw_rj_ip6) : sizeof(struct xgw_rj_ip4);
}

/* The frame becomes a TCP reset of the segment it held. */
static __always_inline int xgw_rj_tcp_reset(void *ctx, int xdp, const struct xgw_pkt *pkt)
{
	struct xgw_rj_tcp in, rst = {};
	__u32 seglen, ip_hlen = xgw_rj_ip_hlen(pkt);
	__s64 sum;

	if (xgw_rj_load(ctx, xdp, pkt->l4_off, &in, sizeof(in)))
		return -1;
	/* what the segment occupies in sequence space: data, SYN and FIN */
	seglen = pkt->ip_len - (pkt->l4_off - pkt->l3_off) - (in.doff >> 4) * 4;
	seglen += !!(in.flags & XGW_TCP_SYN) + !!(in.flags & XGW_TCP_FIN);
	rst.source = in.dest;
	rst.dest = in.source;
	rst.doff = 5 << 4;
	if (in.flags & XGW_TCP_ACK) {
		rst.seq = in.ack_seq;
		rst.flags = XGW_TCP_RST;
	} else {
		rst.ack_seq = bpf_htonl(bpf_ntohl(in.seq) + seglen);
		rst.flags = XGW_TCP_RST | XGW_TCP_ACK;
	}
	sum = xgw_rj_pseudo_sum(pkt, IPPROTO_TCP, sizeof(rst));
	rst.check = xgw_rj_fold(bpf_csum_diff(NULL, 0, (void *)&rst, sizeof(rst), sum));
	if (xgw_rj_trim(ctx, xdp, (pkt->l3_off & 0x1f) + ip_hlen + sizeof(rst)))
		return -1;
	return xgw_rj_write(ctx, xdp, pkt, IPPROTO_TCP, sizeof(rst), &rst, sizeof(rst));
}

/* How much of the offending datagram an ICMP error quotes. */
static __always_inline int xgw_rj_quote_len(void *ctx, int xdp, const struct xgw_pkt *pkt)
{
	__u32 cap = XGW_RJ_ICMP6_QUOTE;
	__u8 ver_ihl;

	if (pkt->l3_proto == ETH_P_IP) {
		/* RFC 792: the Internet header and the first 64 bits of the data */
		if (xgw_rj_load(ctx, xdp, pkt->l3_off & 0x1f, &ver_ihl, 1))
			return -1;
		cap = (ver_ihl & 0xf) * 4 + 8;
	}
	return pkt->ip_len < cap ? pkt->ip_len : cap;
}

/* The frame becomes an ICMP (ICMPv6) destination unreachable quoting the datagram it held. */
static __always_inline int xgw_rj_unreachable(void *ctx, int xdp, const struct xgw_pkt *pkt,
					      __u8 type, __u8 code)
{
	int v6 = pkt->l3_proto == ETH_P_IPV6, quote = xgw_rj_quote_len(ctx, xdp, pkt);
	__u32 l3 = pkt->l3_off & 0x1f, ip_hlen = xgw_rj_ip_hlen(pkt);
	__u32 hdr = ip_hlen + sizeof(struct xgw_icmp_hdr);
	struct xgw_icmp_hdr icmp = { .type = type, .code = code };
	__u8 l2[XGW_RJ_L2_MAX];
	__u8 proto = v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
	__s64 sum = 0;

	if (quote < 0 || quote > XGW_RJ_ICMP6_QUOTE)
		return -1;
	/* room for the new headers in front; the L2 header moves up, the datagram stays */
	if (xgw_rj_push(ctx, xdp, hdr) || xgw_rj_load(ctx, xdp, hdr, l2, sizeof(l2)) ||
	    xgw_rj_store(ctx, xdp, 0, l2, sizeof(l2)) || xgw_rj_trim(ctx, xdp, l3 + hdr + quote))
		return -1;
	if (v6)
		sum = xgw_rj_pseudo_sum(pkt, proto, sizeof(icmp) + quote);
	sum = bpf_csum_diff(NULL, 0, (void *)&icmp, sizeof(icmp), sum);
	sum = xgw_rj_csum_frame(ctx, xdp, l3 + hdr, quote, sum);
	if (sum < 0)
		return -1;
	icmp.checksum = xgw_rj_fold(sum);
	return xgw_rj_write(ctx, xdp, pkt, proto, sizeof(icmp) + quote, &icmp, sizeof(icmp));
}

/* Why a packet must not be answered (RFC 1122 3.2.2, RFC 1812 4.3.2.7, RFC 4443 2.4), or -1. */
static __always_inline int xgw_rj_refusal(void *ctx, int xdp, const struct xgw_pkt *pkt)
{
	const __u8 *src = (const __u8 *)pkt->src, *dst = (const __u8 *)pkt->dst;
	__u8 eth_dst0;

	if (pkt->flags & XGW_PKT_FRAG_LATER)
		return XGW_FW_REPLY_NOT_FRAGMENT;
	if (!xgw_l3_link && (xgw_rj_load(ctx, xdp, 0, &eth_dst0, 1) || (eth_dst0 & 1)))
		return XGW_FW_REPLY_NOT_MULTICAST;
	if (pkt->l3_proto == ETH_P_IPV6) {
		if (dst[0] == 0xff || src[0] == 0xff ||
		    !(pkt->src[0] | pkt->src[1] | pkt->src[2] | pkt->src[3]))
			return XGW_FW_REPLY_NOT_MULTICAST;
		if (pkt->l4_proto == IPPROTO_ICMPV6 && pkt->icmp_type < 128)
			return XGW_FW_REPLY_NOT_ICMP_ERROR;
	} else {
		/* multicast, class E and the limited broadcast; a source of 0.0.0.0 */
		if (dst[0] >= 224 || src[0] >= 224 || !pkt->src[0])
			return XGW_FW_REPLY_NOT_MULTICAST;
		if (pkt->l4_proto == IPPROTO_ICMP &&
		    (pkt->icmp_type == 3 || pkt->icmp_type == 4 || pkt->icmp_type == 5 ||
		     pkt->icmp_type == 11 || pkt->icmp_type == 12))
			return XGW_FW_REPLY_NOT_ICMP_ERROR;
	}
	return -1;
}

/* Whether a verdict of xgw_fw_filter calls for an answer. */
static __always_inline int xgw_fw_answers(int fw)
{
	return (fw & 0xff) == XGW_FW_REJECT || (fw & 0xff) == XGW_FW_UNREACH;
}

/*
 * Rewrites the frame into the answer a reject or unreach verdict (as xgw_fw_filter returns it)
 * calls for. Returns 0 when the frame now holds the answer; else the frame is to be dropped
 * (it may be half rewritten).
 */
static __always_inline int xgw_fw_reply(void *ctx, int xdp, const struct xgw_pkt *pkt, int fw)
{
	int v6 = pkt->l3_proto == ETH_P_IPV6, tcp = pkt->l4_proto == IPPROTO_TCP &&
						     (pkt->flags & XGW_PKT_L4);
	int refusal = xgw_rj_refusal(ctx, xdp, pkt);
	__u8 code = v6 ? 4 : 3; /* port unreachable */
	int err;

	if (refusal >= 0) {
		xgw_rj_count(refusal);
		return -1;
	}
	/* unreach CODE answers IPv4 with that code; IPv6 is answered as by reject */
	if ((fw & 0xff) == XGW_FW_UNREACH && !v6) {
		tcp = 0;
		code = fw >> 8;
	}
	if (tcp) {
		if (pkt->tcp_flags & XGW_TCP_RST) {
			xgw_rj_count(XGW_FW_REPLY_NOT_RST);
			return -1;
		}
		err = xgw_rj_tcp_reset(ctx, xdp, pkt);
	} else {
		err = xgw_rj_unreachable(ctx, xdp, pkt, v6 ? 1 : 3, code);
	}
	xgw_rj_count(err ? XGW_FW_REPLY_FAILED
			 : tcp ? XGW_FW_REPLY_TCP_RST
			       : v6 ? XGW_FW_REPLY_ICMP6 : XGW_FW_REPLY_ICMP);
	return err ? -1 : 0;
}
