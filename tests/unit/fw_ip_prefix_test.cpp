#include <gtest/gtest.h>
#include <xgw/fw/IpPrefix.h>

using namespace xgw::fw;

TEST(FwIpPrefix, ParsesHostsAndPrefixes) {
    auto host = IpPrefix::parse("192.0.2.1");
    ASSERT_TRUE(host.ok());
    EXPECT_EQ(host->family, IpFamily::V4);
    EXPECT_EQ(host->length, 32);
    EXPECT_EQ(host->addr[0], 192);
    EXPECT_EQ(host->addr[3], 1);
    EXPECT_EQ(host->addr[4], 0);
    EXPECT_EQ(host->str(), "192.0.2.1");

    auto net6 = IpPrefix::parse("2001:db8::/32");
    ASSERT_TRUE(net6.ok());
    EXPECT_EQ(net6->family, IpFamily::V6);
    EXPECT_EQ(net6->length, 32);
    EXPECT_EQ(net6->str(), "2001:db8::/32");
    EXPECT_EQ(IpPrefix::parse("::1")->str(), "::1");
    EXPECT_EQ(IpPrefix::parse("0.0.0.0/0")->str(), "0.0.0.0/0");
}

TEST(FwIpPrefix, ClearsHostBits) {
    EXPECT_EQ(IpPrefix::parse("192.0.2.77/24")->str(), "192.0.2.0/24");
    EXPECT_EQ(IpPrefix::parse("10.255.255.255/9")->str(), "10.128.0.0/9");
    EXPECT_EQ(IpPrefix::parse("2001:db8:ffff::1/33")->str(), "2001:db8:8000::/33");
    EXPECT_EQ(IpPrefix::parse("192.0.2.77/24").value(), IpPrefix::parse("192.0.2.0/24").value());
}

TEST(FwIpPrefix, RejectsBadInput) {
    EXPECT_EQ(IpPrefix::parse("300.1.1.1").error().message,
              "'300.1.1.1' is not an IPv4 or IPv6 address");
    EXPECT_EQ(IpPrefix::parse("10.0.0.0/33").error().message,
              "prefix length 33 is out of range (0-32)");
    EXPECT_EQ(IpPrefix::parse("::/129").error().message,
              "prefix length 129 is out of range (0-128)");
    EXPECT_EQ(IpPrefix::parse("10.0.0.0/").error().message, "'' is not a prefix length");
    EXPECT_EQ(IpPrefix::parse("10.0.0.0/2x").error().message, "'2x' is not a prefix length");
    EXPECT_FALSE(IpPrefix::parse("host.example").ok());
}
