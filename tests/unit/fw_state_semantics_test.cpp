// ipfw(8)'s dynamic-rule semantics, case by case: the flow is consulted at the first
// check-state or keep-state rule the walk reaches, whether or not the packet matches its body,
// and not at rules the walk skips. Both models must agree and give the ipfw answer.
#include "fw_model.h"
#include "fw_test_util.h"

#include <gtest/gtest.h>

namespace xgw::fw::test {
namespace {

// A DNS reply from 192.0.2.53:53 to 10.0.0.7:40000, coming in on eth0.
ModelPacket dns_reply(bool flow) {
    ModelPacket p;
    p.src = IpPrefix::parse("192.0.2.53").value().addr;
    p.dst = IpPrefix::parse("10.0.0.7").value().addr;
    p.proto = 17;
    p.has_l4 = true;
    p.sport = 53;
    p.dport = 40000;
    p.in_if = 2;
    p.flow = flow;
    return p;
}

ModelVerdict both(const std::string& text, const ModelPacket& p) {
    auto parsed = parse(text);
    EXPECT_TRUE(parsed.ok()) << text;
    auto compiled = compile_ruleset(*parsed.ruleset, model_host(), XGW_FW_DENY);
    EXPECT_TRUE(compiled.ok());
    ModelVerdict want = reference_verdict(*parsed.ruleset, model_host(), XGW_FW_DENY, p);
    EXPECT_EQ(compiled_verdict(*compiled, p), want) << text << "\n" << p.str();
    return want;
}

// The handbook ruleset without check-state: the reply matches no body, yet the keep-state rule
// it passes finds its flow.
const std::string kDnsOut = "100 allow udp from 10.0.0.0/8 to any 53 out keep-state\n"
                            "200 deny ip from any to any\n";

TEST(FwStateSemantics, ReplyPassesAtKeepStateRuleOfTheOtherDirection) {
    ModelVerdict v = both(kDnsOut, dns_reply(true));
    EXPECT_EQ(v.action, XGW_FW_ALLOW);
    EXPECT_EQ(v.rule, 0u);
    EXPECT_TRUE(v.by_state);
}

TEST(FwStateSemantics, ReplyWithoutFlowIsDenied) {
    ModelVerdict v = both(kDnsOut, dns_reply(false));
    EXPECT_EQ(v.action, XGW_FW_DENY);
    EXPECT_EQ(v.rule, 1u);
}

// A narrow body (one host, one port) does not narrow the probe.
TEST(FwStateSemantics, NarrowKeepStateBodyStillProbes) {
    ModelVerdict v = both("100 count ip from any to any\n"
                          "200 allow tcp from 10.9.9.9 to 198.51.100.1 22 setup keep-state\n"
                          "300 deny ip from any to any\n",
                          dns_reply(true));
    EXPECT_TRUE(v.by_state);
    EXPECT_EQ(v.rule, 1u);
    EXPECT_EQ(v.taken, std::vector<std::uint32_t>{0});
}

// The first probe reached decides: a check-state before the keep-state rule.
TEST(FwStateSemantics, FirstProbeReachedDecides) {
    ModelVerdict v = both("100 check-state\n" + kDnsOut, dns_reply(true));
    EXPECT_EQ(v.rule, 0u);
    EXPECT_TRUE(v.by_state);
}

// A deny before any probe decides first, flow or not.
TEST(FwStateSemantics, RuleBeforeTheProbeDecidesFirst) {
    ModelVerdict v = both("50 deny udp from any 53 to any\n" + kDnsOut, dns_reply(true));
    EXPECT_EQ(v.action, XGW_FW_DENY);
    EXPECT_EQ(v.rule, 0u);
}

// A skipto over the keep-state rule: the walk never reaches it, so the flow is not consulted.
TEST(FwStateSemantics, SkiptoOverKeepStateSkipsTheProbe) {
    ModelVerdict v = both("10 skipto 200 ip from any to any in\n" + kDnsOut, dns_reply(true));
    EXPECT_EQ(v.action, XGW_FW_DENY);
    EXPECT_EQ(v.rule, 2u);
}

// A keep-state rule at the skipto target is reached, and probes.
TEST(FwStateSemantics, KeepStateAtSkiptoTargetProbes) {
    ModelVerdict v = both("10 skipto 100 ip from any to any in\n"
                          "50 deny ip from any to any\n" +
                              kDnsOut,
                          dns_reply(true));
    EXPECT_EQ(v.rule, 2u);
    EXPECT_TRUE(v.by_state);
}

// check-state without a flow is no match: it counts nothing and the walk goes on.
TEST(FwStateSemantics, CheckStateWithoutFlowGoesOn) {
    ModelVerdict v = both("100 check-state\n200 allow udp from any 53 to any\n", dns_reply(false));
    EXPECT_EQ(v.action, XGW_FW_ALLOW);
    EXPECT_EQ(v.rule, 1u);
    EXPECT_FALSE(v.by_state);
    EXPECT_EQ(v.taken, std::vector<std::uint32_t>{1});
}

// More count rules than any fixed walk budget: the packet still reaches the deciding rule.
TEST(FwStateSemantics, ThousandCountRulesStillReachTheDecision) {
    std::string text;
    for (int n = 1; n <= 1000; n++)
        text += std::to_string(n) + " count ip from any to any\n";
    text += "5000 allow udp from any to any\n";
    ModelVerdict v = both(text, dns_reply(false));
    EXPECT_EQ(v.action, XGW_FW_ALLOW);
    EXPECT_EQ(v.rule, 1000u);
    EXPECT_EQ(v.taken.size(), 1001u);
}

} // namespace
} // namespace xgw::fw::test
