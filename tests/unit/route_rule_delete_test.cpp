// Which policy rule `xgw rule delete` may remove: never on a selector that names nothing, never a
// rule xgw did not make unless it is spelled whole, never the kernel's own rules without --force.
#include <xgw/route/RuleDeletion.h>

#include <gtest/gtest.h>

#include <iterator>
#include <sstream>

using namespace xgw;
using namespace xgw::route;

namespace {

PolicyRule rule(const std::vector<std::string>& words, std::uint8_t protocol = 0) {
    auto r = parse_rule_args(words);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    PolicyRule out = r.ok() ? *r : PolicyRule{};
    out.protocol = protocol;
    return out;
}

// The kernel's three rules around one of xgw's and one an administrator made with ip rule.
std::vector<PolicyRule> table() {
    return {rule({"priority", "0", "table", "local"}, 2),
            rule({"priority", "100", "fwmark", "0x1", "table", "100"}, kXgwRuleProtocol),
            rule({"priority", "200", "from", "10.0.0.0/8", "table", "200"}, 0),
            rule({"priority", "32766", "table", "main"}, 2),
            rule({"priority", "32767", "table", "default"}, 2)};
}

Result<std::size_t> choose(const std::vector<std::string>& words, bool force = false) {
    return rule_to_delete(table(), rule(words), force);
}

TEST(RuleDelete, NamingNothingIsRefused) {
    for (const auto& words : std::vector<std::vector<std::string>>{{}, {"from", "all"}}) {
        auto r = choose(words);
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().kind, Errc::Usage);
        EXPECT_NE(r.error().message.find("names nothing"), std::string::npos);
    }
}

TEST(RuleDelete, XgwRulesGoByAnyField) {
    EXPECT_EQ(choose({"priority", "100"}).value(), 1u);
    EXPECT_EQ(choose({"fwmark", "1"}).value(), 1u);
    EXPECT_EQ(choose({"table", "100"}).value(), 1u);
}

TEST(RuleDelete, OthersRulesGoOnlyWhenSpelledWhole) {
    auto part = choose({"priority", "200"});
    ASSERT_FALSE(part.ok());
    EXPECT_EQ(part.error().kind, Errc::Usage);
    EXPECT_NE(part.error().message.find("priority 200 from 10.0.0.0/8 table 200"),
              std::string::npos)
        << part.error().message;
    EXPECT_EQ(choose({"from", "10.0.0.0/8", "table", "200"}).value(), 2u);
    EXPECT_EQ(choose({"priority", "200", "from", "10.0.0.0/8", "table", "200"}).value(), 2u);
    EXPECT_FALSE(choose({"priority", "200", "from", "10.0.0.0/8"}).ok());
}

TEST(RuleDelete, KernelRulesNeedForce) {
    for (const char* p : {"0", "32766", "32767"}) {
        auto t = table();
        const PolicyRule& kernel = t[p == std::string("0") ? 0 : p == std::string("32766") ? 3 : 4];
        std::vector<std::string> whole = {"priority", p, "table", table_name(kernel.table)};
        auto r = choose(whole);
        ASSERT_FALSE(r.ok()) << p;
        EXPECT_EQ(r.error().kind, Errc::Permission);
        EXPECT_NE(r.error().message.find("--force"), std::string::npos);
        EXPECT_TRUE(choose(whole, true).ok()) << p;
    }
    // Forced but not spelled whole: still refused.
    EXPECT_FALSE(choose({"priority", "0"}, true).ok());
}

TEST(RuleDelete, NoSuchRuleNamesIt) {
    auto r = choose({"priority", "4242"});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, Errc::NotFound);
    EXPECT_EQ(r.error().message, "rule delete priority 4242: no such rule");
}

TEST(RuleDelete, DescribeParsesBack) {
    PolicyRule r = rule({"priority", "7", "from", "10.0.0.0/8", "to", "192.0.2.0/24", "fwmark",
                         "0x10/0xff", "iif", "c0", "oif", "u0", "table", "100"});
    EXPECT_EQ(
        describe_rule(r),
        "priority 7 from 10.0.0.0/8 to 192.0.2.0/24 fwmark 0x10/0xff iif c0 oif u0 table 100");
    std::istringstream text(describe_rule(r));
    std::vector<std::string> words{std::istream_iterator<std::string>(text), {}};
    EXPECT_EQ(rule(words), r);
}

} // namespace
