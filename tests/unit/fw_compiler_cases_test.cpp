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

// table(NAME), docs/rules.md 6.1.
ModelPacket from_to(const char* src, const char* dst) {
    ModelPacket p;
    p.src = IpPrefix::parse(src).value().addr;
    p.dst = IpPrefix::parse(dst).value().addr;
    p.v6 = std::string(src).find(':') != std::string::npos;
    p.proto = 17;
    p.has_l4 = true;
    p.in_if = 2;
    return p;
}

const std::string kSrc = "100 deny ip from table(friends) to any\n200 allow ip from any to any\n";

TEST(FwCompilerTable, SourceInTable) {
    expect_decided_by(kSrc, from_to("10.1.2.7", "192.0.2.9"), 0);
    expect_decided_by(kSrc, from_to("2001:db8:1:ffff::1", "2001:db8::9"), 0);
}

TEST(FwCompilerTable, SourceNotInTable) {
    expect_decided_by(kSrc, from_to("10.1.3.7", "192.0.2.9"), 1);
    expect_decided_by(kSrc, from_to("2001:db8:2::1", "2001:db8::9"), 1);
}

TEST(FwCompilerTable, NegatedAndDestination) {
    const std::string rules = "100 deny ip from not table(friends) to table(blocked)\n"
                              "200 allow ip from any to any\n";
    expect_decided_by(rules, from_to("10.9.9.9", "10.200.0.1"), 0);
    expect_decided_by(rules, from_to("10.1.2.1", "10.200.0.1"), 1);
    expect_decided_by(rules, from_to("10.9.9.9", "11.0.0.1"), 1);
}

TEST(FwCompilerTable, TableAndPrefixOnOneRule) {
    const std::string rules = "100 deny ip from table(friends) to 192.0.2.0/24\n"
                              "200 allow ip from any to any\n";
    expect_decided_by(rules, from_to("10.1.2.1", "192.0.2.200"), 0);
    expect_decided_by(rules, from_to("10.1.2.1", "192.0.3.1"), 1);
}

TEST(FwCompilerTable, EmptyTableMatchesNothing) {
    expect_decided_by("100 deny ip from table(nobody) to any\n200 allow ip from any to any\n",
                      from_to("10.1.2.7", "192.0.2.9"), 1);
}

TEST(FwCompilerTable, NineTestsInOneDirectionAreRefused) {
    std::string rules;
    for (int i = 0; i < 9; i++)
        rules += std::to_string(100 + i) + " deny ip from table(t" + std::to_string(i) +
                 ") to any in\n";
    auto parsed = parse(rules);
    ASSERT_TRUE(parsed.ok());
    auto compiled = compile_ruleset(*parsed.ruleset, model_host(), XGW_FW_DENY);
    ASSERT_FALSE(compiled.ok());
    EXPECT_NE(compiled.error().message.find(":9:18: table(t8) is one table test too many"),
              std::string::npos)
        << compiled.error().message;
}

TEST(FwCompilerTable, EightTestsPerDirectionAreFine) {
    std::string rules;
    for (int i = 0; i < 8; i++)
        rules += std::to_string(100 + i) + " deny ip from table(t" + std::to_string(i) +
                 ") to any in\n";
    rules += "200 deny ip from table(u) to any out\n";
    auto parsed = parse(rules);
    ASSERT_TRUE(parsed.ok());
    EXPECT_TRUE(compile_ruleset(*parsed.ruleset, model_host(), XGW_FW_DENY).ok());
}

} // namespace
} // namespace xgw::fw::test
