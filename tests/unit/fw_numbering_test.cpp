// ipfw numbering: last + 100, shared numbers, order by number then by position in the file.
#include "fw_test_util.h"

using namespace xgw::fw;
using namespace xgw::fw::test;

namespace {

std::vector<uint16_t> numbers(const ParseResult& result) {
    std::vector<uint16_t> out;
    for (const auto& rule : result.ruleset->firewall.rules)
        out.push_back(rule.number);
    return out;
}

} // namespace

TEST(FwRuleNumbering, UnnumberedRulesCountByHundreds) {
    auto result = parse("allow ip from any to any\ncount ip from any to any\n"
                        "deny ip from any to any\n");
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(numbers(result), (std::vector<uint16_t>{100, 200, 300}));
}

TEST(FwRuleNumbering, UnnumberedFollowsTheHighestSoFar) {
    auto result = parse("1000 allow ip from any to any\n"
                        "count ip from any to any\n" // 1100
                        "500 deny tcp from any to any\n"
                        "count udp from any to any\n"); // 1200: after the highest, not 600
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(numbers(result), (std::vector<uint16_t>{500, 1000, 1100, 1200}));
}

TEST(FwRuleNumbering, ContinuesFromTheLoadedRuleset) {
    auto result = parse("allow ip from any to any", 4200);
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(numbers(result), (std::vector<uint16_t>{4300}));
}

TEST(FwRuleNumbering, SharedNumbersKeepTheirWrittenOrder) {
    auto result = parse("200 deny tcp from any to any\n"
                        "100 count ip from any to any\n"
                        "200 allow udp from any to any\n"
                        "100 count tcp from any to any\n"
                        "200 reject icmp from any to any\n");
    ASSERT_TRUE(result.ok());
    auto& rules = result.ruleset->firewall.rules;
    EXPECT_EQ(numbers(result), (std::vector<uint16_t>{100, 100, 200, 200, 200}));
    EXPECT_TRUE(rules[0].protocol.kind == ProtoKind::Any);
    EXPECT_TRUE(rules[1].protocol.is(kProtoTcp));
    EXPECT_EQ(rules[2].action.kind, ActionKind::Deny);
    EXPECT_EQ(rules[3].action.kind, ActionKind::Allow);
    EXPECT_EQ(rules[4].action.kind, ActionKind::Reject);
}

TEST(FwRuleNumbering, HighestNumberIs65534) {
    auto result = parse("65534 deny ip from any to any\n");
    ASSERT_TRUE(result.ok());
    EXPECT_EQ(numbers(result), (std::vector<uint16_t>{65534}));
}

TEST(FwRuleNumbering, RunningOutOfNumbersIsAnError) {
    EXPECT_EQ(errorsOf("65400 allow ip from any to any\nallow ip from any to any\n"
                       "deny ip from any to any\n"),
              "rules.conf:3:1: no rule number left after 65500 (unnumbered rules take the "
              "previous number + 100); number this rule");
    EXPECT_TRUE(parse("65434 allow ip from any to any\nallow ip from any to any\n").ok());
}

TEST(FwRuleNumbering, SkiptoIsCheckedAgainstTheAssignedNumber) {
    EXPECT_TRUE(parse("skipto 200 ip from any to any").ok()); // rule 100
    EXPECT_EQ(errorsOf("allow ip from any to any\nskipto 200 ip from any to any"),
              "rules.conf:2:1: skipto target 200 must be greater than this rule's number 200");
}
