// The netstat -rn / route -n view of routing tables, and ip-rule(8) style rule lines.
#include <xgw/route/PolicyRule.h>
#include <xgw/route/RoutePrinter.h>

#include <gtest/gtest.h>

using namespace xgw;
using namespace xgw::route;

namespace {

IpPrefix prefix(const char* text) {
    return IpPrefix::parse(text).value();
}

RouteEntry entry(const char* dest, std::optional<IpPrefix> gw, const char* dev,
                 std::uint32_t metric) {
    RouteEntry e;
    e.dest = prefix(dest);
    e.gateway = gw;
    e.dev = dev;
    e.metric = metric;
    return e;
}

std::vector<RouteEntry> lab_table() {
    RouteEntry def = entry("0.0.0.0/0", prefix("203.0.113.2"), "u0", 0);
    RouteEntry net = entry("192.0.2.0/24", std::nullopt, "c0", 0);
    RouteEntry host = entry("198.51.100.9", prefix("198.51.100.2"), "s0", 5);
    RouteEntry down = entry("10.0.0.0/8", std::nullopt, "s0", 20);
    down.up = false;
    RouteEntry reject = entry("10.66.0.0/16", std::nullopt, "", 0);
    reject.type = RouteType::Unreachable;
    RouteEntry v6 = entry("2001:db8:2::/64", std::nullopt, "s0", 256);
    RouteEntry v6def = entry("::/0", prefix("2001:db8:3::2"), "u0", 1024);
    return {def, net, host, down, reject, v6, v6def};
}

} // namespace

TEST(RoutePrinter, Ipv4LikeRouteDashN) {
    EXPECT_EQ(format_route_table(lab_table(), {IpFamily::V4, true}),
              "Kernel IP routing table\n"
              "Destination     Gateway         Genmask         Flags Metric Iface\n"
              "0.0.0.0         203.0.113.2     0.0.0.0         UG    0      u0\n"
              "192.0.2.0       0.0.0.0         255.255.255.0   U     0      c0\n"
              "198.51.100.9    198.51.100.2    255.255.255.255 UGH   5      s0\n"
              "10.0.0.0        0.0.0.0         255.0.0.0             20     s0\n"
              "10.66.0.0       0.0.0.0         255.255.0.0     U!    0      *\n");
}

TEST(RoutePrinter, SymbolicNamesWithoutDashN) {
    auto out = format_route_table(lab_table(), {IpFamily::V4, false});
    EXPECT_NE(out.find("default         203.0.113.2     0.0.0.0         UG    0      u0\n"),
              std::string::npos);
    EXPECT_NE(out.find("192.0.2.0       *               255.255.255.0   U     0      c0\n"),
              std::string::npos);
}

TEST(RoutePrinter, Ipv6LikeRouteDashA) {
    EXPECT_EQ(format_route_table(lab_table(), {IpFamily::V6, true}),
              "Kernel IPv6 routing table\n"
              "Destination                    Next Hop                   Flags Metric Iface\n"
              "2001:db8:2::/64                ::                         U     256    s0\n"
              "::/0                           2001:db8:3::2              UG    1024   u0\n");
}

TEST(RoutePrinter, TableColumn) {
    auto entries = lab_table();
    entries[0].table = 100;
    auto out = format_route_table(entries, {IpFamily::V4, true, true});
    EXPECT_NE(out.find("Flags Metric Table    Iface\n"), std::string::npos);
    EXPECT_NE(out.find("UG    0      100      u0\n"), std::string::npos);
    EXPECT_NE(out.find("U     0      main     c0\n"), std::string::npos);
}

TEST(RoutePrinter, FlagsAndNetmasks) {
    auto t = lab_table();
    EXPECT_EQ(route_flags(t[0]), "UG");
    EXPECT_EQ(route_flags(t[2]), "UGH");
    EXPECT_EQ(route_flags(t[4]), "U!");
    EXPECT_EQ(netmask_str(0), "0.0.0.0");
    EXPECT_EQ(netmask_str(17), "255.255.128.0");
    EXPECT_EQ(netmask_str(32), "255.255.255.255");
}

TEST(PolicyRuleArgs, ParseAndPrint) {
    auto r =
        parse_rule_args({"from", "192.0.2.0/24", "to", "198.51.100.0/24", "fwmark", "0x10/0xff",
                         "iif", "c0", "oif", "u0", "priority", "100", "table", "100"});
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->family, IpFamily::V4);
    EXPECT_EQ(r->fwmark, 0x10u);
    EXPECT_EQ(r->fwmask, 0xffu);
    EXPECT_EQ(format_rule(*r), "100:\tfrom 192.0.2.0/24 to 198.51.100.0/24 fwmark 0x10/0xff "
                               "iif c0 oif u0 lookup 100");
    auto mark = parse_rule_args({"fwmark", "1", "lookup", "main", "pref", "5"});
    ASSERT_TRUE(mark.ok());
    EXPECT_EQ(format_rule(*mark), "5:\tfrom all fwmark 0x1 lookup main");
    auto v6 = parse_rule_args({"from", "2001:db8:1::/64", "table", "7"});
    ASSERT_TRUE(v6.ok());
    EXPECT_EQ(v6->family, IpFamily::V6);
    EXPECT_EQ(parse_rule_args({"table", "7"}, IpFamily::V6)->family, IpFamily::V6);
}

TEST(PolicyRuleArgs, Refusals) {
    EXPECT_FALSE(parse_rule_args({"from"}).ok());
    EXPECT_FALSE(parse_rule_args({"dport", "80"}).ok());
    EXPECT_FALSE(parse_rule_args({"fwmark", "0x1/zz"}).ok());
    EXPECT_FALSE(parse_rule_args({"from", "192.0.2.0/24", "to", "2001:db8::/32"}).ok());
    EXPECT_FALSE(parse_rule_args({"from", "192.0.2.0/24"}, IpFamily::V6).ok());
}
