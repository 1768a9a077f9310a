// IPv4 frames with true checksums for the NAT fixtures, and a reader that checks every
// checksum of a frame by recomputing it from scratch (the data path updates incrementally).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace xgw::test {

struct NatPacket {
    std::string src = "192.0.2.2";
    std::string dst = "198.51.100.2";
    std::uint8_t proto = 6; // 6 tcp, 17 udp, 1 icmp, other: bare payload
    std::uint16_t sport = 40000, dport = 80; // ICMP: sport is the echo id
    std::uint8_t tcp_flags = 0x02;
    std::uint8_t icmp_type = 8;
    std::uint8_t icmp_code = 0;
    bool udp_zero_csum = false;
    std::vector<std::uint8_t> payload = std::vector<std::uint8_t>(32, 0xab);
};

// The IP datagram (no Ethernet header), checksums filled in.
std::vector<std::uint8_t> nat_datagram(const NatPacket& p);
// An Ethernet frame carrying the datagram.
std::vector<std::uint8_t> nat_frame(const NatPacket& p);
// An ICMP error (type/code) from src to dst quoting the whole datagram `quoted`.
std::vector<std::uint8_t> nat_icmp_error(const std::string& src, const std::string& dst,
                                         std::uint8_t type, std::uint8_t code,
                                         const std::vector<std::uint8_t>& quoted);

// What a frame says, read back; ok is false when any checksum does not verify.
struct NatSeen {
    std::string src, dst;
    std::uint16_t sport = 0, dport = 0; // ICMP echo: the id in both
    std::uint8_t proto = 0;
    bool udp_zero_csum = false;
    bool ip_csum_ok = false;
    bool l4_csum_ok = false;
};
NatSeen nat_read(const std::vector<std::uint8_t>& frame);
// The datagram an ICMP error frame quotes.
std::vector<std::uint8_t> nat_quoted(const std::vector<std::uint8_t>& frame);
// Reads a bare datagram (no Ethernet header) as nat_read does.
NatSeen nat_read_datagram(const std::vector<std::uint8_t>& dgram);

} // namespace xgw::test
