// The examples of the ipfw handbook and of issue 3, as operators will type them.
#include "fw_test_util.h"

using namespace xgw::fw;
using namespace xgw::fw::test;

TEST(FwHandbook, SmtpWithSetup) {
    Rule r = parseOne("add allow tcp from any to me port 25 setup");
    EXPECT_EQ(r.action.kind, ActionKind::Allow);
    EXPECT_TRUE(r.protocol.is(kProtoTcp));
    EXPECT_EQ(r.dst.address.kind, AddressKind::Me);
    EXPECT_EQ(r.dst.ports, (std::vector<PortRange>{{25, 25}}));
    EXPECT_TRUE(r.options.setup);
}

TEST(FwHandbook, LogDenyTelnet) {
    Rule r = parseOne("add log deny tcp from any to me 23");
    EXPECT_EQ(r.action.kind, ActionKind::Deny);
    EXPECT_TRUE(r.log);
    EXPECT_EQ(r.dst.ports, (std::vector<PortRange>{{23, 23}}));
}

TEST(FwHandbook, Established) {
    Rule r = parseOne("allow tcp from any to any established");
    EXPECT_TRUE(r.options.established);
}

TEST(FwHandbook, HostFirewall) {
    auto result = parse("allow ip from me to any\n"
                        "allow ip from any to me established\n"
                        "allow tcp from any to me 25 setup\n"
                        "allow tcp from any to me 80 setup\n"
                        "deny ip from any to any\n");
    // As in ipfw, `established` on `ip` is allowed: only TCP packets can carry the flags.
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_TRUE(result.ruleset->firewall.rules[1].options.established);

    auto fixed = parse("allow ip from me to any\n"
                       "allow tcp from any to me established\n"
                       "allow tcp from any to me 25 setup\n"
                       "allow tcp from any to me 80 setup\n"
                       "deny ip from any to any\n");
    ASSERT_TRUE(fixed.ok()) << fixed.error().message;
    EXPECT_EQ(printRuleset(*fixed.ruleset), "00100 allow ip from me to any\n"
                                            "00200 allow tcp from any to me established\n"
                                            "00300 allow tcp from any to me 25 setup\n"
                                            "00400 allow tcp from any to me 80 setup\n"
                                            "00500 deny ip from any to any\n");
}

TEST(FwHandbook, StatefulDns) {
    auto result = parse("check-state\nallow udp from me to any 53 keep-state\n"
                        "deny udp from any to any\n");
    ASSERT_TRUE(result.ok()) << result.error().message;
    auto& rules = result.ruleset->firewall.rules;
    ASSERT_EQ(rules.size(), 3u);
    EXPECT_EQ(rules[0].action.kind, ActionKind::CheckState);
    EXPECT_TRUE(rules[1].options.keep_state);
}

TEST(FwHandbook, NumberedRulesWithSkipto) {
    auto result = parse("00100 skipto 1000 tcp from 10.0.0.0/8 to any\n"
                        "00200 deny log logamount 100 ip from any to any\n"
                        "01000 count tcp from any to any\n"
                        "01000 allow tcp from any to any\n");
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result.ruleset->firewall.rules[0].action.argument, 1000);
}
