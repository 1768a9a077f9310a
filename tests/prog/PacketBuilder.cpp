#include "PacketBuilder.h"

#include <cstring>

namespace xgw::test {

namespace {

constexpr std::uint8_t kMac[12] = {0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1};

void put16(std::vector<std::uint8_t>& b, std::size_t at, std::uint16_t v) {
    b[at] = v >> 8;
    b[at + 1] = v & 0xff;
}

} // namespace

PacketBuilder& PacketBuilder::eth() { return layers_.push_back({Kind::Eth, 14}), *this; }
PacketBuilder& PacketBuilder::vlan(std::uint16_t id, std::uint16_t tpid) {
    return layers_.push_back({Kind::Vlan, 4, id, tpid}), *this;
}
PacketBuilder& PacketBuilder::ethertype(std::uint16_t type) {
    return layers_.push_back({Kind::Ethertype, 0, type}), *this;
}
PacketBuilder& PacketBuilder::ipv4(std::size_t options_len, std::uint16_t frag_off) {
    return layers_.push_back({Kind::Ip4, 20 + options_len, frag_off}), *this;
}
PacketBuilder& PacketBuilder::ipv6() { return layers_.push_back({Kind::Ip6, 40}), *this; }
PacketBuilder& PacketBuilder::ip6_ext(std::uint8_t type, std::size_t len, std::uint16_t frag_off) {
    return layers_.push_back({Kind::Ext, len, type, frag_off}), *this;
}
PacketBuilder& PacketBuilder::tcp(std::size_t options_len, std::uint8_t flags) {
    return layers_.push_back({Kind::Tcp, 20 + options_len, flags}), *this;
}
PacketBuilder& PacketBuilder::udp() { return layers_.push_back({Kind::Udp, 8}), *this; }
PacketBuilder& PacketBuilder::sctp() { return layers_.push_back({Kind::Sctp, 12}), *this; }
PacketBuilder& PacketBuilder::icmp(std::uint8_t type, std::uint8_t code) {
    return layers_.push_back({Kind::Icmp, 8, type, code}), *this;
}
PacketBuilder& PacketBuilder::icmp6(std::uint8_t type, std::uint8_t code) {
    return layers_.push_back({Kind::Icmp6, 8, type, code}), *this;
}
PacketBuilder& PacketBuilder::l4proto(std::uint8_t proto) {
    return layers_.push_back({Kind::Proto, 0, proto}), *this;
}
PacketBuilder& PacketBuilder::payload(std::size_t len) {
    return layers_.push_back({Kind::Payload, len}), *this;
}

Frame PacketBuilder::build() const {
    Frame f;
    auto& b = f.bytes;
    std::size_t type_field = 0;                      // where the next EtherType goes
    std::size_t proto_field = 0;                     // where the next IP protocol goes
    std::size_t ip_len_field = 0, ip_len_base = 0;   // IP length field and what it counts from
    std::size_t udp_len_field = 0, udp_start = 0;

    auto set_proto = [&](std::uint8_t proto) {
        if (proto_field)
            b[proto_field] = proto;
    };
    for (const Layer& l : layers_) {
        std::size_t at = b.size();
        b.resize(at + l.len, 0);
        switch (l.kind) {
        case Kind::Eth:
            std::memcpy(&b[at], kMac, 12);
            type_field = at + 12;
            f.spans.push_back({at, l.len, XGW_REASON_ETH_TRUNC, false});
            break;
        case Kind::Vlan:
            put16(b, type_field, l.b);
            put16(b, at, l.a);
            type_field = at + 2;
            f.spans.push_back({at, l.len, XGW_REASON_VLAN_TRUNC, false});
            break;
        case Kind::Ethertype:
            put16(b, type_field, l.a);
            break;
        case Kind::Ip4:
            put16(b, type_field, 0x0800);
            b[at] = 0x40 | (l.len / 4);
            b[at + 8] = 64;
            put16(b, at + 6, l.a);
            std::memcpy(&b[at + 12], "\xc0\x00\x02\x02\xc6\x33\x64\x02", 8);
            proto_field = at + 9;
            ip_len_field = at + 2;
            ip_len_base = at;
            f.l3_offset = at;
            f.has_ip = true;
            f.spans.push_back({at, 20, XGW_REASON_IP4_TRUNC, false});
            if (l.len > 20)
                f.spans.push_back({at + 20, l.len - 20, XGW_REASON_IP4_OPT_TRUNC, false});
            break;
        case Kind::Ip6:
            put16(b, type_field, 0x86dd);
            b[at] = 0x60;
            b[at + 7] = 64;
            b[at + 8] = 0x20, b[at + 9] = 0x01, b[at + 10] = 0x0d, b[at + 11] = 0xb8, b[at + 23] = 2;
            b[at + 24] = 0x20, b[at + 25] = 0x01, b[at + 26] = 0x0d, b[at + 27] = 0xb8, b[at + 39] = 2;
            proto_field = at + 6;
            ip_len_field = at + 4;
            ip_len_base = at + 40;
            f.l3_offset = at;
            f.ipv6 = true;
            f.has_ip = true;
            f.spans.push_back({at, 40, XGW_REASON_IP6_TRUNC, false});
            break;
        case Kind::Ext:
            set_proto(static_cast<std::uint8_t>(l.a));
            proto_field = at;
            if (l.a == 44) // fragment header: offset in 8-byte units, fixed length
                put16(b, at + 2, l.b);
            else
                b[at + 1] = l.a == 51 ? l.len / 4 - 2 : l.len / 8 - 1;
            f.spans.push_back({at, l.len, XGW_REASON_IP6_EXT_TRUNC, true});
            break;
        case Kind::Tcp:
            set_proto(6);
            put16(b, at, 40000), put16(b, at + 2, 80);
            b[at + 12] = (l.len / 4) << 4;
            b[at + 13] = static_cast<std::uint8_t>(l.a);
            f.spans.push_back({at, 20, XGW_REASON_TCP_TRUNC, true});
            if (l.len > 20)
                f.spans.push_back({at + 20, l.len - 20, XGW_REASON_TCP_OPT_TRUNC, true});
            break;
        case Kind::Udp:
            set_proto(17);
            put16(b, at, 40000), put16(b, at + 2, 53);
            udp_len_field = at + 4;
            udp_start = at;
            f.spans.push_back({at, l.len, XGW_REASON_UDP_TRUNC, true});
            break;
        case Kind::Sctp:
            set_proto(132);
            put16(b, at, 40000), put16(b, at + 2, 5000);
            f.spans.push_back({at, 12, XGW_REASON_SCTP_TRUNC, true});
            break;
        case Kind::Icmp:
        case Kind::Icmp6:
            set_proto(l.kind == Kind::Icmp ? 1 : 58);
            b[at] = static_cast<std::uint8_t>(l.a);
            b[at + 1] = static_cast<std::uint8_t>(l.b);
            put16(b, at + 4, 0x1234);
            f.spans.push_back({at, l.len, l.kind == Kind::Icmp ? XGW_REASON_ICMP_TRUNC
                                                              : XGW_REASON_ICMP6_TRUNC,
                               true});
            break;
        case Kind::Proto:
            set_proto(static_cast<std::uint8_t>(l.a));
            break;
        case Kind::Payload:
            for (std::size_t i = 0; i < l.len; i++)
                b[at + i] = static_cast<std::uint8_t>(i);
            break;
        }
    }
    if (ip_len_field)
        put16(b, ip_len_field, static_cast<std::uint16_t>(b.size() - ip_len_base));
    if (udp_len_field)
        put16(b, udp_len_field, static_cast<std::uint16_t>(b.size() - udp_start));
    return f;
}

Frame cut_wire(const Frame& f, std::size_t len) {
    Frame out = f;
    out.bytes.resize(len);
    return out;
}

Frame cut_datagram(const Frame& f, std::size_t len) {
    Frame out = cut_wire(f, len);
    std::size_t field = f.l3_offset + (f.ipv6 ? 4 : 2);
    std::size_t base = f.l3_offset + (f.ipv6 ? 40 : 0);
    put16(out.bytes, field, static_cast<std::uint16_t>(len - base));
    return out;
}

} // namespace xgw::test
