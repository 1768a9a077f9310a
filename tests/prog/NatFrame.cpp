#include "NatFrame.h"

#include <arpa/inet.h>

#include <cstring>
#include <stdexcept>

namespace xgw::test {
namespace {

std::uint32_t addr(const std::string& text) {
    in_addr a{};
    if (inet_pton(AF_INET, text.c_str(), &a) != 1)
        throw std::invalid_argument("not an IPv4 address: " + text);
    return a.s_addr;
}

std::string text(const std::uint8_t* p) {
    char buf[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, p, buf, sizeof buf);
    return buf;
}

std::uint32_t sum16(const std::uint8_t* p, std::size_t n, std::uint32_t s = 0) {
    for (std::size_t i = 0; i + 1 < n; i += 2)
        s += (p[i] << 8) | p[i + 1];
    if (n & 1)
        s += p[n - 1] << 8;
    return s;
}

std::uint16_t fold(std::uint32_t s) {
    while (s >> 16)
        s = (s & 0xffff) + (s >> 16);
    return static_cast<std::uint16_t>(~s);
}

void put16(std::uint8_t* p, std::uint16_t v) {
    p[0] = v >> 8;
    p[1] = v & 0xff;
}
std::uint16_t get16(const std::uint8_t* p) { return (p[0] << 8) | p[1]; }

std::uint32_t pseudo(const std::uint8_t* ip, std::uint8_t proto, std::size_t l4_len) {
    return sum16(ip + 12, 8) + proto + static_cast<std::uint32_t>(l4_len);
}

std::vector<std::uint8_t> ipv4(std::uint32_t src, std::uint32_t dst, std::uint8_t proto,
                               const std::vector<std::uint8_t>& l4) {
    std::vector<std::uint8_t> d(20 + l4.size());
    d[0] = 0x45;
    put16(&d[2], static_cast<std::uint16_t>(d.size()));
    d[8] = 64;
    d[9] = proto;
    std::memcpy(&d[12], &src, 4);
    std::memcpy(&d[16], &dst, 4);
    put16(&d[10], fold(sum16(d.data(), 20)));
    std::memcpy(&d[20], l4.data(), l4.size());
    return d;
}

std::vector<std::uint8_t> with_ethernet(const std::vector<std::uint8_t>& dgram) {
    std::vector<std::uint8_t> f = {0x02, 0, 0, 0, 0, 0x01, 0x02, 0, 0, 0, 0, 0x02, 0x08, 0x00};
    f.insert(f.end(), dgram.begin(), dgram.end());
    return f;
}

} // namespace

std::vector<std::uint8_t> nat_datagram(const NatPacket& p) {
    std::vector<std::uint8_t> l4;
    const std::uint32_t s = addr(p.src), d = addr(p.dst);
    if (p.proto == 6) {
        l4.assign(20, 0);
        put16(&l4[0], p.sport);
        put16(&l4[2], p.dport);
        l4[12] = 5 << 4;
        l4[13] = p.tcp_flags;
        put16(&l4[14], 65535);
    } else if (p.proto == 17) {
        l4.assign(8, 0);
        put16(&l4[0], p.sport);
        put16(&l4[2], p.dport);
        put16(&l4[4], static_cast<std::uint16_t>(8 + p.payload.size()));
    } else if (p.proto == 1) {
        l4.assign(8, 0);
        l4[0] = p.icmp_type;
        l4[1] = p.icmp_code;
        put16(&l4[4], p.sport);
        put16(&l4[6], 1);
    }
    l4.insert(l4.end(), p.payload.begin(), p.payload.end());
    auto dgram = ipv4(s, d, p.proto, l4);
    std::uint8_t* h = dgram.data() + 20;
    if (p.proto == 6)
        put16(h + 16, fold(sum16(h, l4.size(), pseudo(dgram.data(), 6, l4.size()))));
    else if (p.proto == 17 && !p.udp_zero_csum) {
        std::uint16_t c = fold(sum16(h, l4.size(), pseudo(dgram.data(), 17, l4.size())));
        put16(h + 6, c ? c : 0xffff);
    } else if (p.proto == 1)
        put16(h + 2, fold(sum16(h, l4.size())));
    return dgram;
}

std::vector<std::uint8_t> nat_frame(const NatPacket& p) { return with_ethernet(nat_datagram(p)); }

std::vector<std::uint8_t> nat_icmp_error(const std::string& src, const std::string& dst,
                                         std::uint8_t type, std::uint8_t code,
                                         const std::vector<std::uint8_t>& quoted) {
    std::vector<std::uint8_t> l4(8, 0);
    l4[0] = type;
    l4[1] = code;
    l4.insert(l4.end(), quoted.begin(), quoted.end());
    put16(&l4[2], fold(sum16(l4.data(), l4.size())));
    return with_ethernet(ipv4(addr(src), addr(dst), 1, l4));
}

NatSeen nat_read_datagram(const std::vector<std::uint8_t>& d) {
    NatSeen s;
    if (d.size() < 20)
        return s;
    const std::size_t ihl = (d[0] & 0xf) * 4, total = get16(&d[2]);
    s.src = text(&d[12]);
    s.dst = text(&d[16]);
    s.proto = d[9];
    s.ip_csum_ok = fold(sum16(d.data(), ihl)) == 0;
    if (total > d.size() || total < ihl)
        return s;
    const std::uint8_t* h = d.data() + ihl;
    const std::size_t len = total - ihl;
    if (s.proto == 6 || s.proto == 17) {
        s.sport = get16(h);
        s.dport = get16(h + 2);
        s.udp_zero_csum = s.proto == 17 && get16(h + 6) == 0;
        s.l4_csum_ok = s.udp_zero_csum || fold(sum16(h, len, pseudo(d.data(), s.proto, len))) == 0;
    } else if (s.proto == 1) {
        s.sport = s.dport = get16(h + 4);
        s.l4_csum_ok = fold(sum16(h, len)) == 0;
    } else {
        s.l4_csum_ok = true;
    }
    return s;
}

NatSeen nat_read(const std::vector<std::uint8_t>& frame) {
    return nat_read_datagram(std::vector<std::uint8_t>(frame.begin() + 14, frame.end()));
}

std::vector<std::uint8_t> nat_quoted(const std::vector<std::uint8_t>& frame) {
    return std::vector<std::uint8_t>(frame.begin() + 14 + 20 + 8, frame.end());
}

} // namespace xgw::test
