// ICMP errors about a keep-state flow pass a default-deny ruleset (path MTU discovery,
// traceroute, port unreachable); errors that quote no live flow, another flow, or a packet the
// error's destination did not send are judged by the rules like any other packet.
#include "FwEnv.h"
#include "FwFrame.h"
#include "NatFrame.h"

#include <xgw/fw/FlowTable.h>

#include <gtest/gtest.h>
#include <linux/bpf.h>

namespace xgw::test {
namespace {

constexpr const char* kRules = "100 check-state\n"
                               "200 allow ip from 192.0.2.0/24 to any keep-state\n"
                               "210 allow ip from 2001:db8:1::/64 to any keep-state\n"
                               "300 deny ip from any to any\n";

void load(const std::string& rules) {
    auto r = FwEnv::get().control().load(rules, "related.rules", false);
    ASSERT_TRUE(r.ok()) << r.error().message;
}

bool passes(const std::vector<std::uint8_t>& frame) {
    auto r = FwEnv::get().runner().run(Hook::XdpIngress, frame);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() && r->action == XDP_PASS;
}

std::uint64_t related_count() {
    auto ft = fw::FlowTable::open(FwEnv::get().paths());
    EXPECT_TRUE(ft.ok());
    auto s = ft->stats();
    EXPECT_TRUE(s.ok());
    return s.ok() ? (*s)[XGW_CT_STAT_RELATED] : 0;
}

NatPacket udp(std::uint16_t sport, std::uint16_t dport) {
    NatPacket p;
    p.proto = 17;
    p.sport = sport;
    p.dport = dport;
    return p;
}

// An ICMPv6 error (type, code 0) from src to dst quoting the datagram of `quoted`.
std::vector<std::uint8_t> icmp6_error(const std::string& src, const std::string& dst,
                                      std::uint8_t type, const Frame& quoted) {
    FwPacket p;
    p.proto = "icmp6";
    p.icmp_type = type;
    p.src = src;
    p.dst = dst;
    Frame f = fw_frame(p);
    std::vector<std::uint8_t> out(f.bytes.begin(), f.bytes.begin() + f.l3_offset + 40 + 8);
    out.insert(out.end(), quoted.bytes.begin() + quoted.l3_offset, quoted.bytes.end());
    const std::size_t payload = out.size() - f.l3_offset - 40;
    out[f.l3_offset + 4] = payload >> 8;
    out[f.l3_offset + 5] = payload & 0xff;
    return out;
}

TEST(FwRelated, ErrorsAboutAKeptFlowPassOthersAreJudgedByTheRules) {
    load(kRules);
    const auto query = nat_datagram(udp(40201, 53));
    ASSERT_TRUE(passes(nat_frame(udp(40201, 53)))) << "the flow's first packet";
    const auto before = related_count();
    EXPECT_TRUE(passes(nat_icmp_error("198.51.100.2", "192.0.2.2", 3, 3, query)))
        << "port unreachable from the flow's peer";
    EXPECT_TRUE(passes(nat_icmp_error("203.0.113.9", "192.0.2.2", 11, 0, query)))
        << "time exceeded from a router on the way";
    EXPECT_TRUE(passes(nat_icmp_error("203.0.113.9", "192.0.2.2", 3, 4, query)))
        << "fragmentation needed (path MTU discovery)";
    EXPECT_EQ(related_count() - before, 3u);

    EXPECT_FALSE(passes(nat_icmp_error("198.51.100.2", "192.0.2.2", 3, 3,
                                       nat_datagram(udp(40201, 54)))))
        << "quotes a packet of no flow";
    EXPECT_FALSE(passes(nat_icmp_error("198.51.100.2", "192.0.2.3", 3, 3, query)))
        << "sent to a host that did not send the quoted packet";
    NatPacket echo;
    echo.proto = 1;
    echo.src = "198.51.100.2";
    echo.dst = "192.0.2.2";
    echo.icmp_type = 0;
    EXPECT_FALSE(passes(nat_frame(echo))) << "an echo reply of no flow is no error";
    EXPECT_EQ(related_count() - before, 3u);
}

TEST(FwRelated, PacketTooBigAboutAnIpv6TcpFlowPasses) {
    load(kRules);
    FwPacket syn;
    syn.src = "2001:db8:1::2";
    syn.dst = "2001:db8:2::2";
    syn.sport = 40202;
    syn.dport = 443;
    const Frame out = fw_frame(syn);
    ASSERT_TRUE(passes(out.bytes));
    EXPECT_TRUE(passes(icmp6_error("2001:db8:ff::1", "2001:db8:1::2", 2, out)));
    syn.dport = 444;
    EXPECT_FALSE(passes(icmp6_error("2001:db8:ff::1", "2001:db8:1::2", 2, fw_frame(syn))));
}

TEST(FwRelated, WithoutKeepStateRulesErrorsAreJudgedByTheRules) {
    load(kRules);
    ASSERT_TRUE(passes(nat_frame(udp(40203, 53))));
    load("100 allow ip from 192.0.2.0/24 to any\n200 deny ip from any to any\n");
    EXPECT_FALSE(passes(nat_icmp_error("198.51.100.2", "192.0.2.2", 3, 3,
                                       nat_datagram(udp(40203, 53)))));
}

} // namespace
} // namespace xgw::test
