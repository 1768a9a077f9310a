#include "AcctFixtures.h"

#include <arpa/inet.h>

#include <cstring>

namespace xgw::test {

const char* const kAcctNets[] = {"192.0.2.0/24", "2001:db8:1::/64", nullptr};
const char* const kAcctPorts[] = {"tcp/80", "tcp/443", "udp/53", nullptr};

namespace {

PacketBuilder eth() {
    return PacketBuilder().eth();
}

std::size_t l4_offset(const Frame& f) {
    return f.l3_offset + (f.ipv6 ? 40 : 20);
}

} // namespace

Frame with_addrs(Frame f, const std::string& src, const std::string& dst) {
    const int af = f.ipv6 ? AF_INET6 : AF_INET;
    const std::size_t at = f.l3_offset + (f.ipv6 ? 8 : 12), len = f.ipv6 ? 16 : 4;
    inet_pton(af, src.c_str(), &f.bytes[at]);
    inet_pton(af, dst.c_str(), &f.bytes[at + len]);
    return f;
}

Frame with_ports(Frame f, std::uint16_t sport, std::uint16_t dport) {
    const std::size_t at = l4_offset(f);
    f.bytes[at] = sport >> 8, f.bytes[at + 1] = sport & 0xff;
    f.bytes[at + 2] = dport >> 8, f.bytes[at + 3] = dport & 0xff;
    return f;
}

std::vector<AcctFixture> acct_fixtures() {
    const std::string v4a = "192.0.2.2", v4b = "192.0.2.9", v4out = "198.51.100.2";
    const std::string v6a = "2001:db8:1::5", v6out = "2001:db8:2::9";
    return {
        {"ip4-udp-host-to-outside-dns",
         with_addrs(with_ports(eth().ipv4().udp().payload(20).build(), 40000, 53), v4a, v4out),
         {"host 192.0.2.2 src", "port udp/53 dst", "proto ipv4/17"}},
        {"ip4-tcp-between-two-hosts",
         with_addrs(with_ports(eth().ipv4().tcp().payload(100).build(), 443, 80), v4a, v4b),
         {"host 192.0.2.2 src", "host 192.0.2.9 dst", "port tcp/443 src", "port tcp/80 dst",
          "proto ipv4/6"}},
        {"ip4-tcp-same-port-both-ends",
         with_addrs(with_ports(eth().ipv4().tcp().build(), 80, 80), v4out, v4b),
         {"host 192.0.2.9 dst", "port tcp/80 src", "port tcp/80 dst", "proto ipv4/6"}},
        {"ip4-udp-port-80-is-not-tcp-80",
         with_addrs(with_ports(eth().ipv4().udp().build(), 80, 80), v4out, v4out),
         {"proto ipv4/17"}},
        {"ip4-icmp-echo-to-host",
         with_addrs(eth().ipv4().icmp(8).payload(56).build(), v4out, v4a),
         {"host 192.0.2.2 dst", "icmp ipv4/8", "proto ipv4/1"}},
        {"ip4-icmp-unreachable-from-host",
         with_addrs(eth().ipv4().icmp(3, 3).payload(28).build(), v4b, v4out),
         {"host 192.0.2.9 src", "icmp ipv4/3", "proto ipv4/1"}},
        {"ip4-gre-from-host",
         with_addrs(eth().ipv4().l4proto(47).payload(24).build(), v4a, v4out),
         {"host 192.0.2.2 src", "proto ipv4/47"}},
        // A later fragment has no L4 header: hosts and protocol count, ports cannot.
        {"ip4-later-fragment-udp",
         with_addrs(eth().ipv4(0, 0x0010).l4proto(17).payload(16).build(), v4out, v4a),
         {"host 192.0.2.2 dst", "proto ipv4/17"}},
        {"vlan-ip4-udp",
         with_addrs(with_ports(eth().vlan(7).ipv4().udp().payload(4).build(), 53, 5353), v4out,
                    v4b),
         {"host 192.0.2.9 dst", "port udp/53 src", "proto ipv4/17"}},
        {"ip4-outside-only",
         with_addrs(with_ports(eth().ipv4().udp().build(), 1000, 2000), v4out, "203.0.113.9"),
         {"proto ipv4/17"}},
        {"ip6-udp-host-to-outside-dns",
         with_addrs(with_ports(eth().ipv6().udp().payload(12).build(), 40000, 53), v6a, v6out),
         {"host 2001:db8:1::5 src", "port udp/53 dst", "proto ipv6/17"}},
        {"ip6-tcp-https-to-host",
         with_addrs(with_ports(eth().ipv6().tcp().payload(30).build(), 50000, 443), v6out, v6a),
         {"host 2001:db8:1::5 dst", "port tcp/443 dst", "proto ipv6/6"}},
        {"ip6-icmp6-echo-from-host",
         with_addrs(eth().ipv6().icmp6(128).payload(8).build(), v6a, v6out),
         {"host 2001:db8:1::5 src", "icmp ipv6/128", "proto ipv6/58"}},
        {"ip6-outside-only",
         with_addrs(eth().ipv6().icmp6(129).build(), v6out, "2001:db8:3::1"),
         {"icmp ipv6/129", "proto ipv6/58"}},
        {"arp-not-counted", eth().ethertype(0x0806).payload(28).build(), {}},
        {"ip4-malformed-not-counted",
         [] {
             Frame f = eth().ipv4().tcp().build();
             f.bytes[14] = 0x44; // IHL 4: the parser refuses it
             return f;
         }(),
         {}},
    };
}

} // namespace xgw::test
