// The canonical text (`xgw fw list`), and parse(print(parse(x))) == parse(x).
#include "fw_test_util.h"

using namespace xgw::fw;
using namespace xgw::fw::test;

namespace {

// Every construct of the language at least once.
const char* const kCorpus[] = {
    "allow ip from any to any",
    "add 5 accept all from me to any",
    "pass ip4 from any to any",
    "permit ip6 from me6 to any",
    "drop tcp from any to any",
    "reject udp from any to any",
    "unreach port udp from any to any",
    "unreach 200 ip from any to any",
    "unreach needfrag ip from any to any",
    "count icmp from any to any",
    "10 skipto 65535 ip from any to any",
    "10 skipto 20 tcp from any to any",
    "check-state",
    "check-state log logamount 3",
    "add log deny tcp from any to me 23",
    "deny log logamount 0 ip from any to any",
    "allow tcp from any to me port 25 setup",
    "allow tcp from any to any established",
    "allow 47 from any to any",
    "allow ospf from any to any",
    "allow 250 from any to any",
    "allow ipv6-icmp from any to any",
    "allow ip from 192.0.2.1 to 192.0.2.77/24",
    "allow ip from 2001:db8::1 to 2001:DB8:0::/48",
    "allow ip from {10.0.0.1,10.0.0.0/8, 2001:db8::/32} to not any",
    "allow ip from { 10.0.0.1 } to any",
    "allow ip from not {10.0.0.1,10.0.0.2} to ! me",
    "allow ip from table(blocked) to not table(x-1)",
    "allow tcp from any 1024-65535 to any 22,http,8000-8080,https",
    "allow udp from any port domain to any ntp,netbios-ns-syslog",
    "allow sctp from any to any 0-65535",
    "allow ip from any to any in",
    "allow ip from any to any out",
    "allow ip from any to any via eth0",
    "allow ip from any to any recv eth0 xmit eth1 out",
    "allow ip from any to any in recv eth0",
    "allow tcp from any to any tcpflags syn,!ack",
    "allow tcp from any to any tcpflags !fin,!syn,!rst,!psh,!ack,!urg,!ece,!cwr",
    "allow tcp from any to any tcpflags cwr,ece,urg,ack,psh,rst,syn,fin",
    "allow icmp from any to any icmptypes 0,3,8,11",
    "allow icmp6 from any to any icmp6types 255,128,1",
    "deny ip from any to any frag",
    "allow udp from me to any 53 keep-state",
    "65534 allow log logamount 9 tcp from 10.0.0.0/8 1-2 to me 22 out xmit ppp0 setup "
    "tcpflags !fin keep-state",
};

} // namespace

TEST(FwRulePrinter, CanonicalText) {
    EXPECT_EQ(printRule(parseOne("add allow tcp from any to me port 25 setup")),
              "00100 allow tcp from any to me 25 setup");
    EXPECT_EQ(printRule(parseOne("add log deny tcp from any to me 23")),
              "00100 deny log tcp from any to me 23");
    EXPECT_EQ(printRule(parseOne("1 accept all from {10.0.0.7/8, ::1} to not table(t) in via "
                                 "eth0 keep-state")),
              "00001 allow ip from {10.0.0.0/8,::1} to not table(t) in via eth0 keep-state");
    EXPECT_EQ(printRule(parseOne("permit tcp from any port ssh to any http-https")),
              "00100 allow tcp from any 22 to any 80-443");
    EXPECT_EQ(printRule(parseOne("unreach 3 ipv6-icmp from ! me6 to any icmptypes 4,1")),
              "00100 unreach port icmp6 from not me6 to any icmptypes 1,4");
    EXPECT_EQ(printRule(parseOne("drop log logamount 7 ospf from any to any")),
              "00100 deny log logamount 7 89 from any to any");
    EXPECT_EQ(printRule(parseOne("50 check-state")), "00050 check-state");
    EXPECT_EQ(printRule(parseOne("allow tcp from any to any tcpflags !ack,syn,fin")),
              "00100 allow tcp from any to any tcpflags fin,syn,!ack");
}

TEST(FwRulePrinter, RulesetIsOneRulePerLineInOrder) {
    auto result = parse("300 deny ip from any to any\n100 allow tcp from any to any 22\n");
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(printRuleset(*result.ruleset),
              "00100 allow tcp from any to any 22\n00300 deny ip from any to any\n");
    EXPECT_EQ(printRuleset(Ruleset{}), "");
}

TEST(FwRulePrinter, RoundTripEveryConstruct) {
    for (const char* text : kCorpus)
        expectRoundTrip(text);
}

TEST(FwRulePrinter, RoundTripWholeFile) {
    std::string file;
    for (const char* text : kCorpus)
        file += std::string(text) + "\n";
    auto first = parse(file);
    ASSERT_TRUE(first.ok()) << first.error().message;
    ASSERT_EQ(first.ruleset->firewall.rules.size(), std::size(kCorpus));
    auto second = parse(printRuleset(*first.ruleset));
    ASSERT_TRUE(second.ok()) << second.error().message;
    EXPECT_EQ(*second.ruleset, *first.ruleset);
}

// Equality is what the round trip rests on, so it must see every field.
TEST(FwRulePrinter, EqualityIgnoresOnlyLocations) {
    Rule a = parseOne("allow tcp from any to any 22");
    Rule moved = parse("\n\n   allow   tcp from any to any 22").ruleset->firewall.rules[0];
    EXPECT_EQ(a, moved);
    EXPECT_NE(a.loc.line, moved.loc.line);
    EXPECT_NE(a, parseOne("allow tcp from any to any 23"));
    EXPECT_NE(a, parseOne("allow tcp from any to any 22 in"));
    EXPECT_NE(a, parseOne("allow tcp from any to any 22 keep-state"));
    EXPECT_NE(a, parseOne("allow tcp from not any to any 22"));
    EXPECT_NE(a, parseOne("deny tcp from any to any 22"));
    EXPECT_NE(a, parseOne("allow log tcp from any to any 22"));
    EXPECT_NE(parseOne("allow icmp from any to any icmptypes 1"),
              parseOne("allow icmp from any to any icmptypes 2"));
}
