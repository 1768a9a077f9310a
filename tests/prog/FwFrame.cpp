#include "FwFrame.h"

#include <arpa/inet.h>

#include <cstring>
#include <stdexcept>

namespace xgw::test {

namespace {

void put16(std::vector<std::uint8_t>& b, std::size_t at, std::uint16_t v) {
    b[at] = v >> 8;
    b[at + 1] = v & 0xff;
}

void put_addr(std::vector<std::uint8_t>& b, std::size_t at, const std::string& text, bool v6) {
    std::uint8_t raw[16];
    if (inet_pton(v6 ? AF_INET6 : AF_INET, text.c_str(), raw) != 1)
        throw std::invalid_argument("bad address in fixture: " + text);
    std::memcpy(&b[at], raw, v6 ? 16 : 4);
}

std::uint8_t proto_number(const std::string& proto) {
    if (proto == "tcp")
        return 6;
    if (proto == "udp")
        return 17;
    if (proto == "sctp")
        return 132;
    if (proto == "icmp")
        return 1;
    if (proto == "icmp6")
        return 58;
    return static_cast<std::uint8_t>(std::stoi(proto));
}

} // namespace

Frame fw_frame(const FwPacket& p) {
    const bool v6 = p.src.find(':') != std::string::npos;
    const std::uint8_t proto = proto_number(p.proto);
    PacketBuilder b;
    b.eth();
    if (v6) {
        b.ipv6();
        if (p.later_frag)
            b.ip6_ext(44, 8, 0x0010);
    } else {
        b.ipv4(0, p.later_frag ? 0x0003 : 0);
    }
    const std::size_t l4 = 14 + (v6 ? 40 + (p.later_frag ? 8 : 0) : 20);
    if (p.later_frag)
        b.l4proto(proto).payload(16);
    else if (proto == 6)
        b.tcp(0, p.tcp_flags).payload(10);
    else if (proto == 17)
        b.udp().payload(10);
    else if (proto == 1 || proto == 58)
        (proto == 1 ? b.icmp(p.icmp_type) : b.icmp6(p.icmp_type)).payload(8);
    else
        b.l4proto(proto).payload(16); // SCTP: the common header's ports lead the payload
    Frame f = b.build();
    put_addr(f.bytes, f.l3_offset + (v6 ? 8 : 12), p.src, v6);
    put_addr(f.bytes, f.l3_offset + (v6 ? 24 : 16), p.dst, v6);
    if (!p.later_frag && (proto == 6 || proto == 17 || proto == 132)) {
        put16(f.bytes, l4, p.sport);
        put16(f.bytes, l4 + 2, p.dport);
    }
    return f;
}

std::size_t ip_length(const Frame& f) {
    return f.bytes.size() - f.l3_offset;
}

} // namespace xgw::test
