// table(NAME) through the real programs: a table change flips verdicts at once, without a
// reload, and the rules keep counting where they were.
#include "FwEnv.h"
#include "FwFrame.h"

#include <xgw/fw/FirewallTables.h>

#include <linux/bpf.h>

#include <gtest/gtest.h>

#include <map>

namespace xgw::test {
namespace {

fw::FirewallTables tables() {
    auto t = fw::FirewallTables::open(FwEnv::get().paths());
    if (!t)
        throw std::runtime_error(t.error().message);
    return std::move(*t);
}

std::vector<fw::IpPrefix> prefixes(std::initializer_list<const char*> texts) {
    std::vector<fw::IpPrefix> out;
    for (const char* t : texts)
        out.push_back(fw::IpPrefix::parse(t).value());
    return out;
}

void load(const std::string& rules) {
    auto r = FwEnv::get().control().load(rules, "table.rules", false);
    ASSERT_TRUE(r.ok()) << r.error().message;
}

bool passes(const std::string& src, const std::string& dst = "") {
    FwPacket p;
    p.proto = "udp";
    p.src = src;
    if (!dst.empty())
        p.dst = dst;
    else if (src.find(':') != std::string::npos)
        p.dst = "2001:db8:2::2";
    auto r = FwEnv::get().runner().run(Hook::XdpIngress, fw_frame(p).bytes);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() && r->action == XDP_PASS;
}

std::map<std::uint16_t, std::uint64_t> packets() {
    return FwEnv::get().packets_by_rule();
}

TEST(FwTable, AddingAndDeletingFlipsTheVerdictWithoutReload) {
    auto t = tables();
    load("100 allow udp from table(friends) to any\n200 deny ip from any to any\n");
    ASSERT_TRUE(t.flush("friends").ok());
    auto before = packets();
    EXPECT_FALSE(passes("192.0.2.2"));
    EXPECT_FALSE(passes("2001:db8:1::2"));
    ASSERT_TRUE(t.add("friends", prefixes({"192.0.2.0/24", "2001:db8:1::/48"})).ok());
    EXPECT_TRUE(passes("192.0.2.2"));
    EXPECT_TRUE(passes("2001:db8:1::2"));
    EXPECT_FALSE(passes("192.0.3.2")) << "outside the prefix";
    ASSERT_TRUE(t.remove("friends", prefixes({"192.0.2.0/24"})).ok());
    EXPECT_FALSE(passes("192.0.2.2"));
    EXPECT_TRUE(passes("2001:db8:1::2"));
    auto after = packets();
    EXPECT_EQ(after[100] - before[100], 3u);
    EXPECT_EQ(after[200] - before[200], 4u);
}

TEST(FwTable, ListAndDeleteOfWhatIsNotThere) {
    auto t = tables();
    ASSERT_TRUE(t.add("listed", prefixes({"2001:db8::/32", "10.0.0.7", "10.0.0.0/8"})).ok());
    auto l = t.list("listed");
    ASSERT_TRUE(l.ok());
    std::vector<std::string> texts;
    for (const auto& p : *l)
        texts.push_back(p.str());
    EXPECT_EQ(texts, (std::vector<std::string>{"10.0.0.0/8", "10.0.0.7", "2001:db8::/32"}));
    auto missing = t.remove("listed", prefixes({"10.0.0.7", "10.0.0.8"}));
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().kind, Errc::NotFound);
    EXPECT_EQ(t.list("listed")->size(), 3u) << "a failed delete removes nothing";
    EXPECT_EQ(t.list("no-such-table").error().kind, Errc::NotFound);
}

TEST(FwTable, LoadingARulesetMakesItsTablesEmpty) {
    load("100 deny ip from table(made-by-load) to any\n200 allow ip from any to any\n");
    auto t = tables();
    auto slot = t.find("made-by-load");
    ASSERT_TRUE(slot.ok());
    EXPECT_TRUE(slot->has_value());
    EXPECT_TRUE(t.list("made-by-load")->empty());
    EXPECT_TRUE(passes("192.0.2.2"));
}

TEST(FwTable, NegatedDestinationTable) {
    auto t = tables();
    load("100 deny udp from any to not table(servers)\n200 allow ip from any to any\n");
    ASSERT_TRUE(t.flush("servers").ok());
    ASSERT_TRUE(t.add("servers", prefixes({"198.51.100.2"})).ok());
    EXPECT_TRUE(passes("192.0.2.2", "198.51.100.2"));
    EXPECT_FALSE(passes("192.0.2.2", "198.51.100.3"));
}

} // namespace
} // namespace xgw::test
