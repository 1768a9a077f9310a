// Frames for the firewall fixtures: a packet described by its addresses, protocol, ports, TCP
// flags and ICMP type, built on PacketBuilder and patched where the firewall looks.
#pragma once

#include "PacketBuilder.h"

#include <cstdint>
#include <string>

namespace xgw::test {

struct FwPacket {
    std::string src = "192.0.2.2"; // IPv6 when it holds a ':'
    std::string dst = "198.51.100.2";
    std::string proto = "tcp"; // tcp, udp, sctp, icmp, icmp6, or a protocol number
    std::uint16_t sport = 40000, dport = 80;
    std::uint8_t tcp_flags = 0x02; // SYN
    std::uint8_t icmp_type = 8;
    bool later_frag = false; // a fragment other than the first: no L4 header
};

Frame fw_frame(const FwPacket& p);
// The IP datagram length of the frame: what the rule counters add as bytes.
std::size_t ip_length(const Frame& f);

} // namespace xgw::test
