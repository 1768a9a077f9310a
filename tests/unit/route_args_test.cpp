// route(8) and CIDR spellings of routes, batches, and their refusals.
#include <xgw/route/RouteSpec.h>

#include <gtest/gtest.h>

using namespace xgw;
using namespace xgw::route;

namespace {

std::vector<RouteSpec> parse(std::vector<std::string> words,
                             std::optional<IpFamily> family = std::nullopt) {
    auto r = parse_route_args(words, family);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? *r : std::vector<RouteSpec>{};
}

std::string error_of(std::vector<std::string> words) {
    auto r = parse_route_args(words);
    EXPECT_FALSE(r.ok());
    if (r.ok())
        return "";
    EXPECT_EQ(r.error().kind, Errc::Usage);
    return r.error().message;
}

IpPrefix prefix(const char* text) {
    return IpPrefix::parse(text).value();
}

} // namespace

TEST(RouteArgs, ClassicNetmaskAndCidrAreTheSameRoute) {
    auto classic = parse({"-net", "10.0.0.0", "netmask", "255.0.0.0", "gw", "192.0.2.1"});
    auto cidr = parse({"10.0.0.0/8", "gw", "192.0.2.1"});
    auto net_cidr = parse({"-net", "10.0.0.0/8", "via", "192.0.2.1"});
    ASSERT_EQ(classic.size(), 1u);
    EXPECT_EQ(classic, cidr);
    EXPECT_EQ(classic, net_cidr);
    EXPECT_EQ(classic[0].dest, prefix("10.0.0.0/8"));
    EXPECT_EQ(classic[0].gateway, prefix("192.0.2.1"));
    EXPECT_EQ(classic[0].table, kMainTable);
    EXPECT_FALSE(classic[0].metric);
}

TEST(RouteArgs, HostRoutes) {
    auto bare = parse({"198.51.100.7", "dev", "eth0"});
    auto host = parse({"-host", "198.51.100.7", "eth0"});
    ASSERT_EQ(bare.size(), 1u);
    EXPECT_EQ(bare, host);
    EXPECT_EQ(bare[0].dest.length, 32);
    EXPECT_EQ(bare[0].dev, "eth0");
    EXPECT_EQ(parse({"-host", "2001:db8::5/128", "dev", "u0"})[0].dest.length, 128);
}

TEST(RouteArgs, AllOptions) {
    auto r = parse(
        {"-net", "203.0.113.0/24", "gw", "192.0.2.9", "dev", "c0", "metric", "7", "table", "100"});
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].dev, "c0");
    EXPECT_EQ(r[0].metric, 7u);
    EXPECT_EQ(r[0].table, 100u);
    EXPECT_EQ(r[0].str(), "-net 203.0.113.0/24 gw 192.0.2.9 dev c0 metric 7 table 100");
    EXPECT_EQ(parse({"default", "gw", "192.0.2.1", "table", "main"})[0].table, kMainTable);
    EXPECT_EQ(parse({"default", "gw", "192.0.2.1", "table", "0x10"})[0].table, 16u);
}

TEST(RouteArgs, DefaultTakesItsFamilyFromTheGatewayOrTheOption) {
    auto v4 = parse({"default", "gw", "192.0.2.1"});
    EXPECT_EQ(v4[0].dest, prefix("0.0.0.0/0"));
    EXPECT_EQ(v4[0].str(), "default gw 192.0.2.1");
    EXPECT_EQ(parse({"default", "gw", "2001:db8::1"})[0].dest, prefix("::/0"));
    EXPECT_EQ(parse({"default", "dev", "u0"}, IpFamily::V6)[0].dest, prefix("::/0"));
    EXPECT_EQ(parse({"-net", "0.0.0.0", "netmask", "0.0.0.0", "dev", "u0"})[0].dest,
              prefix("0.0.0.0/0"));
}

TEST(RouteArgs, SeveralRoutesInOneCommand) {
    auto r = parse({"-net", "10.1.0.0/16", "gw", "192.0.2.1", "-host", "10.2.0.1", "dev", "c0",
                    "10.3.0.0/24", "dev", "s0", "2001:db8:9::/48", "gw", "2001:db8:1::1"});
    ASSERT_EQ(r.size(), 4u);
    EXPECT_EQ(r[0].dest, prefix("10.1.0.0/16"));
    EXPECT_EQ(r[1].dest, prefix("10.2.0.1"));
    EXPECT_EQ(r[1].dev, "c0");
    EXPECT_EQ(r[2].dest, prefix("10.3.0.0/24"));
    EXPECT_EQ(r[2].dev, "s0");
    EXPECT_EQ(r[3].dest.family, IpFamily::V6);
}

TEST(RouteArgs, Refusals) {
    EXPECT_NE(error_of({}).find("missing destination"), std::string::npos);
    EXPECT_NE(error_of({"gw", "192.0.2.1"}).find("missing destination"), std::string::npos);
    EXPECT_NE(error_of({"-net", "10.0.0.0"}).find("needs netmask"), std::string::npos);
    EXPECT_NE(error_of({"-host", "10.0.0.0/8"}).find("not a single address"), std::string::npos);
    EXPECT_NE(error_of({"10.0.0.1/8"}).find("host bits set (did you mean 10.0.0.0/8?)"),
              std::string::npos);
    EXPECT_NE(error_of({"10.0.0.0", "netmask", "255.0.255.0"}).find("not contiguous"),
              std::string::npos);
    EXPECT_NE(error_of({"10.0.0.0/8", "netmask", "255.0.0.0"}).find("either /LEN or netmask"),
              std::string::npos);
    EXPECT_NE(error_of({"2001:db8::", "netmask", "255.0.0.0"}).find("netmask is for IPv4"),
              std::string::npos);
    EXPECT_NE(error_of({"10.0.0.0/8", "gw", "2001:db8::1"}).find("different address families"),
              std::string::npos);
    EXPECT_NE(error_of({"10.0.0.0/8", "gw"}).find("'gw' needs an address"), std::string::npos);
    EXPECT_NE(error_of({"10.0.0.0/8", "metric", "x"}).find("metric 'x' is not a number"),
              std::string::npos);
    EXPECT_NE(error_of({"10.0.0.0/8", "table", "nosuch"}).find("unknown routing table"),
              std::string::npos);
    EXPECT_NE(error_of({"10.0.0.0/8", "mss", "1400"}).find("not supported"), std::string::npos);
    EXPECT_NE(error_of({"10.0.0.0/8", "eth0", "eth1"}).find("unexpected 'eth1'"),
              std::string::npos);
    EXPECT_NE(error_of({"10.0.0.0/8", "gw", "10.0.0.0/8"}).find("single address"),
              std::string::npos);
    EXPECT_FALSE(parse_route_args({"10.0.0.0/8", "dev", "x"}, IpFamily::V6).ok());
}

TEST(RouteBatch, LinesWithCommentsAndErrorsNamingTheLine) {
    auto ops = parse_route_batch("# uplinks\n"
                                 "add -net 10.0.0.0 netmask 255.0.0.0 gw 192.0.2.1\n"
                                 "\n"
                                 "del 10.9.0.0/16 dev c0   # old\n"
                                 "add 10.1.0.1 dev c0 10.1.0.2 dev c0\n");
    ASSERT_TRUE(ops.ok()) << ops.error().message;
    ASSERT_EQ(ops->size(), 4u);
    EXPECT_EQ((*ops)[0].kind, RouteOpKind::Add);
    EXPECT_EQ((*ops)[1].kind, RouteOpKind::Delete);
    EXPECT_EQ((*ops)[1].spec.dest, prefix("10.9.0.0/16"));
    EXPECT_EQ((*ops)[3].spec.dest, prefix("10.1.0.2"));

    auto bad = parse_route_batch("add 10.0.0.0/8 dev c0\nadd -net 10.0.0.0\n");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().message.rfind("line 2: ", 0), 0u) << bad.error().message;
    auto verb = parse_route_batch("replace 10.0.0.0/8 dev c0\n");
    ASSERT_FALSE(verb.ok());
    EXPECT_NE(verb.error().message.find("line 1: expected add or delete"), std::string::npos);
}
