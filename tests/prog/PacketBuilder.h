// Builds test frames layer by layer, with every length and next-protocol field filled in,
// and remembers where each header lies so truncations can be generated at every boundary.
#pragma once

#include <xgw/abi/stats.h>

#include <cstdint>
#include <string>
#include <vector>

namespace xgw::test {

struct HeaderSpan {
    std::size_t offset;
    std::size_t length;
    xgw_reason cut_reason; // what the parser must say when the frame ends inside this header
    bool after_l3;         // inside the IP datagram, past the fixed IP header
};

struct Frame {
    std::vector<std::uint8_t> bytes;
    std::vector<HeaderSpan> spans;
    std::size_t l3_offset = 0;
    bool ipv6 = false;
    bool has_ip = false;
};

class PacketBuilder {
  public:
    PacketBuilder& eth();
    PacketBuilder& vlan(std::uint16_t id, std::uint16_t tpid = 0x8100);
    PacketBuilder& ethertype(std::uint16_t type); // a non-IP payload follows (ARP, AoE...)
    PacketBuilder& ipv4(std::size_t options_len = 0, std::uint16_t frag_off = 0);
    PacketBuilder& ipv6();
    PacketBuilder& ip6_ext(std::uint8_t type, std::size_t len = 8, std::uint16_t frag_off = 0);
    PacketBuilder& tcp(std::size_t options_len = 0, std::uint8_t flags = 0x02);
    PacketBuilder& udp();
    PacketBuilder& sctp(); // the common header only: ports 40000 -> 5000
    PacketBuilder& icmp(std::uint8_t type = 8, std::uint8_t code = 0);
    PacketBuilder& icmp6(std::uint8_t type = 128, std::uint8_t code = 0);
    PacketBuilder& l4proto(std::uint8_t proto); // an IP protocol the parser does not open (GRE...)
    PacketBuilder& payload(std::size_t len);
    Frame build() const;

  private:
    enum class Kind { Eth, Vlan, Ethertype, Ip4, Ip6, Ext, Tcp, Udp, Sctp, Icmp, Icmp6, Proto, Payload };
    struct Layer {
        Kind kind;
        std::size_t len = 0;
        std::uint16_t a = 0, b = 0; // per kind: vlan id/tpid, ext type/frag, icmp type/code
    };
    std::vector<Layer> layers_;
};

// The frame cut to len bytes, as a wire truncation (length fields still claim the rest).
Frame cut_wire(const Frame& f, std::size_t len);
// The frame cut to len bytes with the IP length field shortened to match: a short datagram.
Frame cut_datagram(const Frame& f, std::size_t len);

} // namespace xgw::test
