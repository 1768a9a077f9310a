/*
 * Cursor parser for Ethernet, 802.1Q/802.1ad, IPv4, IPv6 (extension headers,
 * fragments), TCP, UDP, SCTP, ICMP and ICMPv6. Every read is bounds-checked against
 * data_end first; a refusal returns the xgw_reason that names it.
 */
#pragma once
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include <xgw/abi/stats.h>

#define XGW_MAX_VLAN 2
#define XGW_MAX_IP6_EXT 8
#define XGW_IP4_MF 0x2000
#define XGW_IP4_OFFSET 0x1fff

#ifndef ETH_P_8021AD
#define ETH_P_8021AD 0x88A8
#endif

enum xgw_pkt_flags {
	XGW_PKT_FRAG = 1 << 0,       /* a fragment of a larger datagram */
	XGW_PKT_FRAG_LATER = 1 << 1, /* a non-first fragment: no L4 header */
	XGW_PKT_L4 = 1 << 2,         /* the L4 header was parsed */
	XGW_PKT_RELATED = 1 << 3,    /* an ICMP error about a live keep-state flow (related.h) */
};

struct xgw_cursor {
	void *pos;
	void *end;    /* end of the readable bytes */
	void *start;
	__u32 wire_len; /* length of the whole frame, readable or not (tc may see a partial skb) */
};

/* Bytes of the frame from the cursor on, counting what is not readable. */
static __always_inline __u32 xgw_cursor_avail(const struct xgw_cursor *c)
{
	__u32 used = c->pos - c->start;

	/* Keeps clang from folding this into pointer arithmetic the verifier refuses. */
	asm volatile("" : "+r"(used));
	return c->wire_len - used;
}

/* The first 8 bytes of ICMP and ICMPv6 (linux/icmp.h drags in libc headers). */
struct xgw_icmp_hdr {
	__u8 type;
	__u8 code;
	__sum16 checksum;
	__be16 id;
	__be16 sequence;
};

/* The SCTP common header (RFC 9260 3.1). */
struct xgw_sctp_hdr {
	__be16 source;
	__be16 dest;
	__be32 vtag;
	__le32 checksum;
};

struct xgw_vlan_hdr {
	__be16 tci;
	__be16 proto;
};

/* What the parser learned; addresses and ports stay in network order. */
struct xgw_pkt {
	__u16 l3_proto; /* ETH_P_IP, ETH_P_IPV6 or another EtherType, host order */
	__u8 l4_proto;
	__u8 flags;
	__u8 vlan_depth;
	__u8 tcp_flags;
	__u8 icmp_type;
	__u8 icmp_code;
	__u16 vlan_id[XGW_MAX_VLAN];
	__u16 l3_off; /* offset of the header after Ethernet and VLAN tags */
	__u16 l4_off; /* offset of the L4 header when XGW_PKT_L4 is set */
	__u32 ip_len; /* IP datagram length: header plus payload */
	__u32 src[4]; /* IPv4 in src[0] */
	__u32 dst[4];
	__be16 sport; /* ICMP echo identifier in sport */
	__be16 dport;
	__u32 frag_id; /* fragments: the IPv4 ID or the IPv6 fragment header's identification */
};

static __always_inline int xgw_parse_eth(struct xgw_cursor *c, struct xgw_pkt *pkt)
{
	struct ethhdr *eth = c->pos;
	__u16 proto;
	int i;

	if ((void *)(eth + 1) > c->end)
		return XGW_REASON_ETH_TRUNC;
	c->pos = eth + 1;
	proto = bpf_ntohs(eth->h_proto);

#pragma unroll
	for (i = 0; i < XGW_MAX_VLAN; i++) {
		struct xgw_vlan_hdr *vh = c->pos;

		if (proto != ETH_P_8021Q && proto != ETH_P_8021AD)
			break;
		if ((void *)(vh + 1) > c->end)
			return XGW_REASON_VLAN_TRUNC;
		pkt->vlan_id[i] = bpf_ntohs(vh->tci) & 0x0fff;
		pkt->vlan_depth = i + 1;
		proto = bpf_ntohs(vh->proto);
		c->pos = vh + 1;
	}
	if (proto == ETH_P_8021Q || proto == ETH_P_8021AD)
		return XGW_REASON_VLAN_TOO_MANY;
	pkt->l3_proto = proto;
	pkt->l3_off = c->pos - c->start;
	return XGW_REASON_NONE;
}

static __always_inline int xgw_parse_l4(struct xgw_cursor *c, struct xgw_pkt *pkt, __u32 l4_len)
{
	switch (pkt->l4_proto) {
	case IPPROTO_TCP: {
		struct tcphdr *th = c->pos;
		__u32 doff;

		if (l4_len < sizeof(*th) || (void *)(th + 1) > c->end)
			return XGW_REASON_TCP_TRUNC;
		doff = th->doff * 4;
		if (doff < sizeof(*th))
			return XGW_REASON_TCP_BAD_DOFF;
		if (doff > l4_len || c->pos + doff > c->end)
			return XGW_REASON_TCP_OPT_TRUNC;
		pkt->sport = th->source;
		pkt->dport = th->dest;
		pkt->tcp_flags = ((__u8 *)th)[13];
		break;
	}
	case IPPROTO_UDP: {
		struct udphdr *uh = c->pos;
		__u32 ulen;

		if (l4_len < sizeof(*uh) || (void *)(uh + 1) > c->end)
			return XGW_REASON_UDP_TRUNC;
		ulen = bpf_ntohs(uh->len);
		/* A fragmented datagram's UDP length covers all fragments. */
		if (ulen < sizeof(*uh) || (!(pkt->flags & XGW_PKT_FRAG) && ulen > l4_len))
			return XGW_REASON_UDP_BAD_LEN;
		pkt->sport = uh->source;
		pkt->dport = uh->dest;
		break;
	}
	case IPPROTO_SCTP: {
		struct xgw_sctp_hdr *sh = c->pos;

		if (l4_len < sizeof(*sh) || (void *)(sh + 1) > c->end)
			return XGW_REASON_SCTP_TRUNC;
		pkt->sport = sh->source;
		pkt->dport = sh->dest;
		break;
	}
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6: {
		struct xgw_icmp_hdr *ih = c->pos;

		if (l4_len < sizeof(*ih) || (void *)(ih + 1) > c->end)
			return pkt->l4_proto == IPPROTO_ICMP ? XGW_REASON_ICMP_TRUNC
							     : XGW_REASON_ICMP6_TRUNC;
		pkt->icmp_type = ih->type;
		pkt->icmp_code = ih->code;
		pkt->sport = ih->id;
		break;
	}
	default:
		return XGW_REASON_NONE;
	}
	pkt->flags |= XGW_PKT_L4;
	pkt->l4_off = c->pos - c->start;
	return XGW_REASON_NONE;
}

static __always_inline int xgw_parse_ip4(struct xgw_cursor *c, struct xgw_pkt *pkt)
{
	struct iphdr *iph = c->pos;
	__u32 hlen, tot_len, avail;
	__u16 frag;

	if ((void *)(iph + 1) > c->end)
		return XGW_REASON_IP4_TRUNC;
	if (iph->version != 4)
		return XGW_REASON_IP4_BAD_VERSION;
	hlen = iph->ihl * 4;
	if (hlen < sizeof(*iph))
		return XGW_REASON_IP4_BAD_IHL;
	if (c->pos + hlen > c->end)
		return XGW_REASON_IP4_OPT_TRUNC;
	tot_len = bpf_ntohs(iph->tot_len);
	avail = xgw_cursor_avail(c);
	/* Ethernet may pad a short datagram, so only a shortfall is malformed. */
	if (tot_len < hlen || tot_len > avail)
		return XGW_REASON_IP4_BAD_TOTLEN;

	pkt->ip_len = tot_len;
	pkt->l4_proto = iph->protocol;
	pkt->src[0] = iph->saddr;
	pkt->dst[0] = iph->daddr;
	frag = bpf_ntohs(iph->frag_off);
	if (frag & (XGW_IP4_MF | XGW_IP4_OFFSET)) {
		pkt->flags |= XGW_PKT_FRAG;
		pkt->frag_id = iph->id;
	}
	if (frag & XGW_IP4_OFFSET) {
		pkt->flags |= XGW_PKT_FRAG_LATER;
		return XGW_REASON_NONE;
	}
	c->pos += hlen;
	return xgw_parse_l4(c, pkt, tot_len - hlen);
}

static __always_inline int xgw_ip6_is_ext(__u8 nexthdr)
{
	switch (nexthdr) {
	case IPPROTO_HOPOPTS:
	case IPPROTO_ROUTING:
	case IPPROTO_FRAGMENT:
	case IPPROTO_DSTOPTS:
	case IPPROTO_AH:
	case IPPROTO_MH:
		return 1;
	}
	return 0;
}

struct xgw_ip6_ext {
	__u8 nexthdr;
	__u8 hdrlen;
	__be16 frag_off; /* only meaningful in a fragment header */
	__u32 _rest;     /* a fragment header's identification */
};

/* Walks the extension header chain; on return *l4_len is what follows it. */
static __always_inline int xgw_parse_ip6_ext(struct xgw_cursor *c, struct xgw_pkt *pkt,
					     __u32 *l4_len)
{
	__u8 nexthdr = pkt->l4_proto;
	int i;

#pragma unroll
	for (i = 0; i < XGW_MAX_IP6_EXT; i++) {
		struct xgw_ip6_ext *ext = c->pos;
		__u32 len;

		if (!xgw_ip6_is_ext(nexthdr))
			break;
		if ((void *)(ext + 1) > c->end)
			return XGW_REASON_IP6_EXT_TRUNC;
		if (nexthdr == IPPROTO_FRAGMENT) {
			len = 8;
			pkt->flags |= XGW_PKT_FRAG;
			pkt->frag_id = ext->_rest;
			if (bpf_ntohs(ext->frag_off) & 0xfff8)
				pkt->flags |= XGW_PKT_FRAG_LATER;
		} else if (nexthdr == IPPROTO_AH) {
			len = (ext->hdrlen + 2) * 4;
		} else {
			len = (ext->hdrlen + 1) * 8;
		}
		if (len > *l4_len || c->pos + len > c->end)
			return XGW_REASON_IP6_EXT_TRUNC;
		nexthdr = ext->nexthdr;
		c->pos += len;
		*l4_len -= len;
		if (pkt->flags & XGW_PKT_FRAG_LATER)
			break;
	}
	if (!(pkt->flags & XGW_PKT_FRAG_LATER) && xgw_ip6_is_ext(nexthdr))
		return XGW_REASON_IP6_EXT_TOO_MANY;
	pkt->l4_proto = nexthdr;
	return XGW_REASON_NONE;
}

static __always_inline int xgw_parse_ip6(struct xgw_cursor *c, struct xgw_pkt *pkt)
{
	struct ipv6hdr *ip6h = c->pos;
	__u32 payload, avail;
	int reason;

	if ((void *)(ip6h + 1) > c->end)
		return XGW_REASON_IP6_TRUNC;
	if (ip6h->version != 6)
		return XGW_REASON_IP6_BAD_VERSION;
	payload = bpf_ntohs(ip6h->payload_len);
	avail = xgw_cursor_avail(c);
	if (payload + sizeof(*ip6h) > avail)
		return XGW_REASON_IP6_BAD_PAYLEN;

	pkt->ip_len = payload + sizeof(*ip6h);
	pkt->l4_proto = ip6h->nexthdr;
	__builtin_memcpy(pkt->src, &ip6h->saddr, sizeof(pkt->src));
	__builtin_memcpy(pkt->dst, &ip6h->daddr, sizeof(pkt->dst));
	c->pos = ip6h + 1;

	reason = xgw_parse_ip6_ext(c, pkt, &payload);
	if (reason != XGW_REASON_NONE || (pkt->flags & XGW_PKT_FRAG_LATER))
		return reason;
	return xgw_parse_l4(c, pkt, payload);
}

/*
 * The programs run on an L3 link (tun, ppp, wireguard: no link header, the packet starts with
 * its IP header): set by the loader, which loads this variant for such interfaces.
 */
const volatile __u32 xgw_l3_link = 0;

/* An L3 link's packet: its IP version says what it is; l3_off is 0. */
static __always_inline int xgw_parse_l3_link(struct xgw_cursor *c, struct xgw_pkt *pkt)
{
	__u8 *ver = c->pos;

	if ((void *)(ver + 1) > c->end)
		return XGW_REASON_ETH_TRUNC;
	switch (*ver >> 4) {
	case 4:
		pkt->l3_proto = ETH_P_IP;
		break;
	case 6:
		pkt->l3_proto = ETH_P_IPV6;
		break;
	default:
		pkt->l3_proto = 0; /* not IP: passed or dropped as any other protocol */
	}
	pkt->l3_off = 0;
	return XGW_REASON_NONE;
}

/*
 * Parses one frame of wire_len bytes whose first (data_end - data) bytes are
 * readable; returns XGW_REASON_NONE or why the frame is malformed.
 */
static __always_inline int xgw_parse(void *data, void *data_end, __u32 wire_len,
				     struct xgw_pkt *pkt)
{
	struct xgw_cursor c = { .pos = data, .end = data_end, .start = data, .wire_len = wire_len };
	int reason;

	reason = xgw_l3_link ? xgw_parse_l3_link(&c, pkt) : xgw_parse_eth(&c, pkt);
	if (reason != XGW_REASON_NONE)
		return reason;
	switch (pkt->l3_proto) {
	case ETH_P_IP:
		return xgw_parse_ip4(&c, pkt);
	case ETH_P_IPV6:
		return xgw_parse_ip6(&c, pkt);
	}
	return XGW_REASON_NONE;
}
