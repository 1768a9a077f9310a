// What a table does when its names' answers change (plan_name_change), and the stored form of
// its names.
#include <xgw/fw/TableNames.h>

#include <gtest/gtest.h>

using namespace xgw::fw;

namespace {

IpPrefix ip(const char* text) {
    return IpPrefix::parse(text).value();
}

std::vector<IpPrefix> ips(std::initializer_list<const char*> texts) {
    std::vector<IpPrefix> out;
    for (const char* t : texts)
        out.push_back(ip(t));
    return out;
}

NamedTable table(std::vector<TableName> names, std::vector<IpPrefix> literal = {}) {
    return NamedTable{std::move(names), std::move(literal), {}};
}

TableName name(const char* n, std::vector<IpPrefix> addresses) {
    TableName t;
    t.name = n;
    t.addresses = std::move(addresses);
    t.ttl = 2;
    return t;
}

} // namespace

TEST(TableNames, NewNameAddsItsAddresses) {
    auto c =
        plan_name_change({}, table({name("a.example", ips({"192.0.2.1", "2001:db8::1"}))}), {});
    EXPECT_EQ(c.add, ips({"192.0.2.1", "2001:db8::1"}));
    EXPECT_TRUE(c.remove.empty());
    EXPECT_TRUE(c.after.literal.empty());
}

TEST(TableNames, MovedNameSwapsAddresses) {
    auto before = table({name("a.example", ips({"192.0.2.1"}))});
    auto c = plan_name_change(before, table({name("a.example", ips({"192.0.2.2"}))}),
                              ips({"192.0.2.1"}));
    EXPECT_EQ(c.add, ips({"192.0.2.2"}));
    EXPECT_EQ(c.remove, ips({"192.0.2.1"}));
}

TEST(TableNames, AddressTwoNamesGiveStaysWhileOneGivesIt) {
    auto before =
        table({name("a.example", ips({"192.0.2.1"})), name("b.example", ips({"192.0.2.1"}))});
    auto c = plan_name_change(
        before,
        table({name("a.example", ips({"192.0.2.9"})), name("b.example", ips({"192.0.2.1"}))}),
        ips({"192.0.2.1"}));
    EXPECT_EQ(c.add, ips({"192.0.2.9"}));
    EXPECT_TRUE(c.remove.empty());
}

TEST(TableNames, EntryThereBeforeTheNameOutlivesIt) {
    // 192.0.2.1 was in the table (added as an address) when a.example first gave it.
    auto c =
        plan_name_change({}, table({name("a.example", ips({"192.0.2.1"}))}), ips({"192.0.2.1"}));
    EXPECT_TRUE(c.add.empty());
    EXPECT_EQ(c.after.literal, ips({"192.0.2.1"}));
    auto gone = plan_name_change(c.after, table({name("a.example", {})}, c.after.literal),
                                 ips({"192.0.2.1"}));
    EXPECT_TRUE(gone.remove.empty());
    // No name gives it any more: it is simply the table's own, no note needed.
    EXPECT_TRUE(gone.after.literal.empty());
}

TEST(TableNames, OwnEntriesAreThoseNoNameGaveOnly) {
    auto t = table({name("a.example", ips({"192.0.2.1", "192.0.2.2"}))}, ips({"192.0.2.2"}));
    EXPECT_EQ(t.own(ips({"10.0.0.0/8", "192.0.2.1", "192.0.2.2"})),
              ips({"10.0.0.0/8", "192.0.2.2"}));
}

TEST(TableNames, DocumentRoundTrips) {
    TableNameDocument doc;
    auto n = name("www.example.org", ips({"198.51.100.7", "2001:db8:2::7"}));
    n.server = "192.0.2.53#5353";
    n.expires = 1700000000;
    n.error = "resolve www.example.org: timed out";
    doc["web"] = table({n}, ips({"198.51.100.7"}));
    auto learned = name("cdn.example.org", ips({"203.0.113.9"}));
    learned.learned = true;
    doc["cdn"] = table({learned});
    doc["cdn"].learn = {"*.example.org", "example.net"};
    auto back = table_names_from_json(to_json(doc));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(*back, doc);
}

TEST(TableNames, DamagedDocumentIsAConflict) {
    auto bad = table_names_from_json(R"({"web":{"names":[{"name":"x"}]}})");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().kind, xgw::Errc::Conflict);
}

TEST(TableNames, ExpiryNeverSpins) {
    EXPECT_EQ(expiry_of(0, 100), 101);
    EXPECT_EQ(expiry_of(300, 100), 400);
}

TEST(TableNames, LearnPatterns) {
    EXPECT_TRUE(learn_matches("*.example.org", "www.example.org"));
    EXPECT_TRUE(learn_matches("*.example.org", "a.b.example.org"));
    EXPECT_FALSE(learn_matches("*.example.org", "example.org"));
    EXPECT_FALSE(learn_matches("*.example.org", "wwwexample.org"));
    EXPECT_TRUE(learn_matches("example.org", "example.org"));
    EXPECT_FALSE(learn_matches("example.org", "www.example.org"));
    EXPECT_EQ(learn_pattern("*.Example.ORG.").value(), "*.example.org");
    EXPECT_EQ(learn_pattern("www.example.org").value(), "www.example.org");
    for (const char* bad : {"*", "*.", "**.example.org", "a*.example.org", "example..org", ""}) {
        auto p = learn_pattern(bad);
        ASSERT_FALSE(p) << bad;
        EXPECT_EQ(p.error().kind, xgw::Errc::Usage);
    }
}

TEST(TableNames, NamesAreKeptInOneForm) {
    EXPECT_EQ(name_key("WWW.Example.Org."), "www.example.org");
}
