// The [tables] and [set] sections `xgw fw save` writes: what they hold, that their printed
// form reads back the same, that a file without them leaves tables and settings alone, and
// errors at their position.
#include "fw_test_util.h"

using namespace xgw::fw;
using namespace xgw::fw::test;

namespace {

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines)
        out += l + "\n";
    return out;
}

Ruleset parsed(std::string_view text) {
    auto r = parse(text);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? *r.ruleset : Ruleset{};
}

} // namespace

TEST(TablesSection, EntriesOfEachTableNamed) {
    auto rs = parsed("allow ip from table(friends) to any\n"
                     "[tables]\n"
                     "friends 192.0.2.0/24, 2001:db8::1\n"
                     "friends 198.51.100.7 192.0.2.0/24\n"
                     "empty\n");
    ASSERT_EQ(rs.tables.size(), 2u);
    std::vector<std::string> friends;
    for (const auto& p : rs.tables["friends"])
        friends.push_back(p.str());
    EXPECT_EQ(friends, (std::vector<std::string>{"192.0.2.0/24", "2001:db8::1", "198.51.100.7"}));
    EXPECT_TRUE(rs.tables["empty"].empty());
}

TEST(TablesSection, PrintsBackToTheSameTables) {
    std::string text = "[tables]\nbig";
    for (int i = 1; i <= 10; i++)
        text += " 10.0.0." + std::to_string(i);
    text += "\nnone\nsix fd00::/8\n";
    auto rs = parsed(text);
    const auto lines = printTables(rs.tables);
    EXPECT_EQ(joined(lines), "big 10.0.0.1 10.0.0.2 10.0.0.3 10.0.0.4 10.0.0.5 10.0.0.6 10.0.0.7 "
                             "10.0.0.8\nbig 10.0.0.9 10.0.0.10\nnone\nsix fd00::/8\n");
    EXPECT_EQ(parsed("[tables]\n" + joined(lines)).tables, rs.tables);
}

TEST(SetSection, PolicyAndLifetimes) {
    auto rs = parsed("[set]\npolicy drop\ndyn_udp_lifetime 30\ndyn_ack_lifetime 600\n"
                     "dyn_udp_lifetime 40\n");
    EXPECT_EQ(rs.settings.policy, Policy::Deny);
    EXPECT_EQ(rs.settings.lifetimes, (std::map<std::string, uint32_t>{{"dyn_ack_lifetime", 600},
                                                                      {"dyn_udp_lifetime", 40}}));
    EXPECT_EQ(joined(printSettings(rs.settings)),
              "policy deny\ndyn_ack_lifetime 600\ndyn_udp_lifetime 40\n");
    EXPECT_EQ(parsed("[set]\n" + joined(printSettings(rs.settings))).settings, rs.settings);
    for (const char* accept : {"accept", "allow", "pass"})
        EXPECT_EQ(parsed(std::string("[set]\npolicy ") + accept).settings.policy, Policy::Accept);
}

TEST(TablesAndSetSections, AbsentLeaveTablesAndSettingsAlone) {
    auto rs = parsed("allow ip from table(friends) to any\n[tables]\n[set]\n");
    EXPECT_TRUE(rs.tables.empty());
    EXPECT_EQ(rs.settings, Settings{});
}

TEST(TablesAndSetSections, Errors) {
    EXPECT_EQ(errorsOf("[tables]\nfriends 192.0.2.0/33"),
              "rules.conf:2:9: prefix length 33 is out of range (0-32)");
    EXPECT_EQ(errorsOf("[tables]\nfriends 192.0.2.1,"),
              "rules.conf:2:19: expected an IPv4 or IPv6 address or prefix after ',', found end "
              "of line");
    EXPECT_EQ(errorsOf("[tables]\n" + std::string(32, 'n')),
              "rules.conf:2:1: a table name has 1 to 31 characters");
    EXPECT_EQ(errorsOf("[set]\npolicy reject"),
              "rules.conf:2:8: expected accept, allow, pass, deny or drop after 'policy', found "
              "'reject'");
    EXPECT_EQ(errorsOf("[set]\ndyn_udp_lifetime 0"),
              "rules.conf:2:18: lifetime in seconds 0 is out of range (1-4294967295)");
    EXPECT_EQ(errorsOf("[set]\ndyn_udp_lifetime 10 20"),
              "rules.conf:2:21: expected end of line after '10', found '20'");
    EXPECT_EQ(errorsOf("[set]\nudp_lifetime 10"),
              "rules.conf:2:1: expected policy or a flow lifetime (dyn_syn_lifetime, "
              "dyn_ack_lifetime, dyn_fin_lifetime, dyn_rst_lifetime, dyn_udp_lifetime, "
              "dyn_short_lifetime), found 'udp_lifetime'");
}
