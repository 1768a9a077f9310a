#include "ParseFixtures.h"

namespace xgw::test {

namespace {

// BPF_PROG_TEST_RUN refuses frames shorter than an Ethernet header, so runts cannot be fixtures.
constexpr std::size_t kMinTestRunFrame = 14;

PacketBuilder eth() { return PacketBuilder().eth(); }

// Frames whose every header can be cut to make a truncation case.
std::vector<ParseFixture> truncatable() {
    return {
        {"ip4-tcp", eth().ipv4().tcp().payload(10).build(), XGW_REASON_NONE},
        {"ip4-tcp-options", eth().ipv4().tcp(12).build(), XGW_REASON_NONE},
        {"ip4-options-udp", eth().ipv4(8).udp().payload(4).build(), XGW_REASON_NONE},
        {"ip4-icmp-echo", eth().ipv4().icmp(8).payload(8).build(), XGW_REASON_NONE},
        {"vlan-ip4-udp", eth().vlan(10).ipv4().udp().payload(4).build(), XGW_REASON_NONE},
        {"qinq-ip6-tcp", eth().vlan(100, 0x88a8).vlan(10).ipv6().tcp().build(), XGW_REASON_NONE},
        {"ip6-udp", eth().ipv6().udp().payload(4).build(), XGW_REASON_NONE},
        {"ip4-sctp", eth().ipv4().sctp().payload(16).build(), XGW_REASON_NONE},
        {"ip6-sctp", eth().ipv6().sctp().payload(4).build(), XGW_REASON_NONE},
        {"ip6-icmp6-echo", eth().ipv6().icmp6(128).payload(4).build(), XGW_REASON_NONE},
        {"ip6-hop-dst-tcp", eth().ipv6().ip6_ext(0, 8).ip6_ext(60, 16).tcp().build(),
         XGW_REASON_NONE},
        {"ip6-routing-ah-udp", eth().ipv6().ip6_ext(43, 24).ip6_ext(51, 24).udp().build(),
         XGW_REASON_NONE},
        {"ip6-frag-first-udp", eth().ipv6().ip6_ext(44, 8, 0x0001).udp().payload(8).build(),
         XGW_REASON_NONE},
    };
}

} // namespace

std::vector<ParseFixture> well_formed_fixtures() {
    auto out = truncatable();
    std::vector<ParseFixture> more = {
        {"arp", eth().ethertype(0x0806).payload(28).build(), XGW_REASON_NONE},
        {"ip4-gre", eth().ipv4().l4proto(47).payload(12).build(), XGW_REASON_NONE},
        {"ip4-first-fragment-udp", eth().ipv4(0, 0x2000).udp().payload(16).build(),
         XGW_REASON_NONE},
        // A later fragment carries no L4 header: its first bytes are not parsed as one.
        {"ip4-later-fragment", eth().ipv4(0, 0x0003).l4proto(6).payload(3).build(),
         XGW_REASON_NONE},
        {"ip6-later-fragment", eth().ipv6().ip6_ext(44, 8, 0x0010).l4proto(6).payload(3).build(),
         XGW_REASON_NONE},
        {"ip6-no-next-header", eth().ipv6().l4proto(59).build(), XGW_REASON_NONE},
        {"ip4-max-options", eth().ipv4(40).tcp(40).build(), XGW_REASON_NONE},
        {"ip6-seven-ext", eth().ipv6().ip6_ext(0).ip6_ext(60).ip6_ext(43).ip6_ext(60)
                              .ip6_ext(60).ip6_ext(60).ip6_ext(60).udp().build(),
         XGW_REASON_NONE},
    };
    // An AoE response (version 1, R flag): the AoE stage lets responses through untouched.
    Frame aoe = eth().ethertype(0x88a2).payload(24).build();
    aoe.bytes[14] = 0x18;
    more.push_back({"aoe-response", aoe, XGW_REASON_NONE});
    // Ethernet pads short frames to 60 bytes: trailing bytes beyond the datagram are not malformed.
    Frame padded = eth().ipv4().udp().payload(2).build();
    padded.bytes.resize(60, 0);
    more.push_back({"ip4-udp-ethernet-padding", padded, XGW_REASON_NONE});
    out.insert(out.end(), more.begin(), more.end());
    return out;
}

std::vector<ParseFixture> malformed_fixtures() {
    std::vector<ParseFixture> out;
    auto patched = [&](std::string name, Frame f, std::size_t at, std::uint8_t value,
                       xgw_reason reason) {
        f.bytes[at] = value;
        out.push_back({std::move(name), std::move(f), reason});
    };
    Frame ip4 = eth().ipv4().tcp().build();
    patched("ip4-version-6", ip4, 14, 0x65, XGW_REASON_IP4_BAD_VERSION);
    patched("ip4-ihl-4", ip4, 14, 0x44, XGW_REASON_IP4_BAD_IHL);
    patched("ip4-ihl-0", ip4, 14, 0x40, XGW_REASON_IP4_BAD_IHL);
    patched("ip4-ihl-beyond-frame", ip4, 14, 0x4f, XGW_REASON_IP4_OPT_TRUNC);
    patched("ip4-total-length-below-header", ip4, 17, 19, XGW_REASON_IP4_BAD_TOTLEN);
    patched("ip4-total-length-beyond-frame", ip4, 17, 41, XGW_REASON_IP4_BAD_TOTLEN);
    patched("tcp-doff-4", ip4, 14 + 20 + 12, 0x40, XGW_REASON_TCP_BAD_DOFF);
    patched("tcp-doff-beyond-datagram", ip4, 14 + 20 + 12, 0x60, XGW_REASON_TCP_OPT_TRUNC);
    Frame ip6 = eth().ipv6().udp().payload(4).build();
    patched("ip6-version-4", ip6, 14, 0x40, XGW_REASON_IP6_BAD_VERSION);
    patched("ip6-payload-beyond-frame", ip6, 14 + 5, 13, XGW_REASON_IP6_BAD_PAYLEN);
    patched("udp-length-below-header", ip6, 14 + 40 + 5, 7, XGW_REASON_UDP_BAD_LEN);
    patched("udp-length-beyond-datagram", ip6, 14 + 40 + 5, 13, XGW_REASON_UDP_BAD_LEN);
    out.push_back({"vlan-three-tags", eth().vlan(1).vlan(2).vlan(3).ipv4().udp().build(),
                   XGW_REASON_VLAN_TOO_MANY});
    out.push_back({"ip6-nine-ext",
                   eth().ipv6().ip6_ext(0).ip6_ext(60).ip6_ext(43).ip6_ext(60).ip6_ext(60)
                       .ip6_ext(60).ip6_ext(60).ip6_ext(60).ip6_ext(60).udp().build(),
                   XGW_REASON_IP6_EXT_TOO_MANY});
    out.push_back({"ip4-udp-datagram-short-of-udp-length",
                   cut_datagram(eth().ipv4().udp().payload(8).build(), 14 + 20 + 8 + 4),
                   XGW_REASON_UDP_BAD_LEN});
    return out;
}

std::vector<ParseFixture> truncation_fixtures() {
    std::vector<ParseFixture> out;
    for (const auto& base : truncatable()) {
        const Frame& f = base.frame;
        const xgw_reason short_ip = f.ipv6 ? XGW_REASON_IP6_BAD_PAYLEN : XGW_REASON_IP4_BAD_TOTLEN;
        for (const auto& span : f.spans) {
            for (std::size_t len = span.offset; len < span.offset + span.length; len++) {
                if (len < kMinTestRunFrame)
                    continue;
                std::string at = "-at-" + std::to_string(len);
                out.push_back({base.name + "-wire" + at, cut_wire(f, len),
                               span.after_l3 ? short_ip : span.cut_reason});
                if (span.after_l3)
                    out.push_back({base.name + "-datagram" + at, cut_datagram(f, len),
                                   span.cut_reason});
            }
        }
    }
    return out;
}

} // namespace xgw::test
