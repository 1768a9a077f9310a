// The [nat] section: every form parses, prints back to itself, compiles to the data path's
// fields; every mistake is reported at its position and leaves no ruleset.
#include "fw_test_util.h"

#include <xgw/nat/NatRule.h>

#include <arpa/inet.h>

using namespace xgw;
using namespace xgw::fw::test;

namespace {

std::vector<nat::NatRule> natOf(std::string_view text) {
    auto r = parse("[nat]\n" + std::string(text));
    EXPECT_TRUE(r.ok()) << (r.diagnostics.empty() ? "" : r.diagnostics[0].str());
    return r.ok() ? r.ruleset->nat : std::vector<nat::NatRule>{};
}

std::optional<std::uint32_t> ifindex(const std::string& name) {
    if (name == "u0")
        return 4;
    return std::nullopt;
}

xgw_nat_rule compiled(std::string_view text) {
    auto rules = natOf(text);
    EXPECT_EQ(rules.size(), 1u);
    auto c = nat::compileNatRule(rules.at(0), ifindex);
    EXPECT_TRUE(c.ok());
    return c.ok() ? *c : xgw_nat_rule{};
}

std::uint32_t be(const char* a) { return inet_addr(a); }

} // namespace

TEST(NatRule, EveryFormPrintsBackToItself) {
    for (const char* text : {
             "masquerade u0",
             "masquerade u0 from 192.0.2.0/24",
             "snat u0 to 203.0.113.1",
             "snat u0 to 203.0.113.1-203.0.113.9:20000-29999 from 10.0.0.0/8",
             "redirect-port tcp 192.0.2.2:8080 203.0.113.1:80",
             "redirect-port udp 192.0.2.2:6000-6009 7000-7009 via u0",
             "redirect-addr 192.0.2.3 203.0.113.3",
             "redirect-addr 192.0.2.3 203.0.113.3 via u0",
         }) {
        auto rules = natOf(text);
        ASSERT_EQ(rules.size(), 1u) << text;
        EXPECT_EQ(nat::printNatRule(rules[0]), text);
        EXPECT_EQ(natOf(nat::printNatRule(rules[0])), rules) << text;
    }
}

TEST(NatRule, FirewallAndNatInOneFile) {
    auto r = parse("allow ip from any to any\n[nat]\nmasquerade u0\n[firewall]\ndeny tcp from any to any 23\n");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.ruleset->firewall.rules.size(), 2u);
    EXPECT_EQ(r.ruleset->nat.size(), 1u);
}

TEST(NatRule, CompiledFields) {
    auto m = compiled("masquerade u0 from 192.0.2.0/24");
    EXPECT_EQ(m.kind, XGW_NAT_MASQUERADE);
    EXPECT_EQ(m.ifindex, 4u);
    EXPECT_EQ(m.match_addr, be("192.0.2.0"));
    EXPECT_EQ(m.match_mask, be("255.255.255.0"));
    auto any = compiled("masquerade u0");
    EXPECT_EQ(any.match_mask, 0u);
    auto s = compiled("snat u0 to 203.0.113.1-203.0.113.9:20000-29999");
    EXPECT_EQ(s.addr_lo, be("203.0.113.1"));
    EXPECT_EQ(s.addr_hi, be("203.0.113.9"));
    EXPECT_EQ(s.port_lo, 20000);
    EXPECT_EQ(s.port_hi, 29999);
    auto p = compiled("redirect-port tcp 192.0.2.2:8080 203.0.113.1:80");
    EXPECT_EQ(p.kind, XGW_NAT_REDIRECT_PORT);
    EXPECT_EQ(p.ifindex, 0u);
    EXPECT_EQ(p.proto, 6);
    EXPECT_EQ(p.addr_lo, be("192.0.2.2"));
    EXPECT_EQ(p.port_lo, 8080);
    EXPECT_EQ(p.public_addr, be("203.0.113.1"));
    EXPECT_EQ(p.public_port_lo, 80);
    EXPECT_EQ(p.public_port_hi, 80);
}

TEST(NatRule, UnknownInterfaceIsAnErrorWithItsPlace) {
    auto rules = natOf("masquerade nosuch0");
    ASSERT_EQ(rules.size(), 1u);
    auto c = nat::compileNatRule(rules[0], ifindex);
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.error().message, "rules.conf:2:1: no interface named 'nosuch0' in this namespace");
}

TEST(NatRule, Errors) {
    EXPECT_EQ(errorsOf("[nat]\nfrobnicate u0"),
              "rules.conf:2:1: expected masquerade, snat, redirect-port or redirect-addr, found "
              "'frobnicate'");
    EXPECT_EQ(errorsOf("[nat]\nsnat u0 to 10.0.0.9-10.0.0.1"),
              "rules.conf:2:12: '10.0.0.9-10.0.0.1' is not an IPv4 address or a rising range "
              "ADDR-ADDR");
    EXPECT_EQ(errorsOf("[nat]\nsnat u0 to 10.0.0.1:70000"),
              "rules.conf:2:12: '70000' is not a port range (1-65535, low-high)");
    EXPECT_EQ(errorsOf("[nat]\nsnat u0 10.0.0.1"),
              "rules.conf:2:9: expected 'to' after 'u0', found '10.0.0.1'");
    EXPECT_EQ(errorsOf("[nat]\nmasquerade u0 from 2001:db8::/32"),
              "rules.conf:2:1: NAT translates IPv4 only: 'from 2001:db8::/32'");
    EXPECT_EQ(errorsOf("[nat]\nredirect-port sctp 192.0.2.2:80 80"),
              "rules.conf:2:15: expected tcp or udp after 'redirect-port', found 'sctp'");
    EXPECT_EQ(errorsOf("[nat]\nredirect-port tcp 192.0.2.2:80-81 8000-8009 via u0"),
              "rules.conf:2:35: the inside range has 2 ports and the public one 10: they must "
              "be equal, or the inside one a single port");
    EXPECT_EQ(errorsOf("[nat]\nredirect-port tcp 192.0.2.2:80 80"),
              "rules.conf:2:34: expected 'via IF' (a redirect without a public address applies "
              "on one interface) after '80', found end of line");
    EXPECT_EQ(errorsOf("[nat]\nredirect-addr 192.0.2.3"),
              "rules.conf:2:24: expected a public IPv4 address after '192.0.2.3', found end of "
              "line");
    EXPECT_EQ(errorsOf("[nat]\nmasquerade u0 extra"),
              "rules.conf:2:15: expected end of line after 'u0', found 'extra'");
}
