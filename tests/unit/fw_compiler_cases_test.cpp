// Named cases of the compiler against the linear scan: each pins one rule of docs/rules.md.
#include "fw_model.h"
#include "fw_test_util.h"

#include <gtest/gtest.h>

namespace xgw::fw::test {
namespace {

ModelPacket v6_packet(std::uint8_t proto) {
    ModelPacket p;
    p.v6 = true;
    p.src = IpPrefix::parse("2001:db8::7").value().addr;
    p.dst = IpPrefix::parse("2001:db8::1").value().addr;
    p.proto = proto;
    p.has_l4 = true;
    p.icmp_type = 128;
    p.in_if = 2;
    return p;
}

// Both models on one packet; they must agree, and the reference must give want_rule.
void expect_decided_by(const std::string& text, const ModelPacket& p, std::uint32_t want_rule) {
    auto parsed = parse(text);
    ASSERT_TRUE(parsed.ok()) << text;
    auto compiled = compile_ruleset(*parsed.ruleset, model_host(), XGW_FW_DENY);
    ASSERT_TRUE(compiled.ok());
    ModelVerdict want = reference_verdict(*parsed.ruleset, model_host(), XGW_FW_DENY, p);
    EXPECT_EQ(want.rule, want_rule) << text << "\n" << p.str();
    EXPECT_EQ(compiled_verdict(*compiled, p), want) << text << "\n" << p.str();
}

// docs/rules.md section 5: icmp is IPv4 only, so an IPv6 packet of protocol 1 is not icmp.
TEST(FwCompilerCases, IcmpRuleDoesNotMatchIpv6Protocol1) {
    expect_decided_by("100 deny icmp from any to any\n200 allow ip from any to any\n", v6_packet(1),
                      1);
}

TEST(FwCompilerCases, Icmp6RuleDoesNotMatchIpv4Protocol58) {
    ModelPacket p = v6_packet(58);
    p.v6 = false;
    p.src = IpPrefix::parse("10.0.0.7").value().addr;
    p.dst = IpPrefix::parse("10.1.2.3").value().addr;
    expect_decided_by("100 deny icmp6 from any to any\n200 allow ip from any to any\n", p, 1);
}

TEST(FwCompilerCases, Icmp6RuleMatchesIpv6Icmp6) {
    expect_decided_by("100 deny icmp6 from any to me icmptypes 128\n200 allow ip from any to any\n",
                      v6_packet(58), 0);
}

// docs/rules.md section 8: on egress, `recv IF` matches forwarded packets that came in on IF.
TEST(FwCompilerCases, RecvOnEgressMatchesForwardedPackets) {
    ModelPacket p = v6_packet(6);
    p.dir = XGW_DIR_EGRESS;
    p.in_if = 2;  // came in on eth0
    p.out_if = 3; // leaves by eth1
    expect_decided_by("100 deny ip from any to any out recv eth0\n200 allow ip from any to any\n",
                      p, 0);
}

} // namespace
} // namespace xgw::fw::test
