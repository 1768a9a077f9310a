// resolv.conf(5): what the resolver reads, what it ignores, and changes that keep the rest.
#include <xgw/dns/ResolvConf.h>

#include <gtest/gtest.h>

using namespace xgw;
using namespace xgw::dns;

namespace {

ResolvConf parse(std::string_view text) {
    auto r = ResolvConf::parse(text, "resolv.conf");
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? *r : ResolvConf{};
}

std::string error_of(std::string_view text) {
    auto r = ResolvConf::parse(text, "/etc/resolv.conf");
    EXPECT_FALSE(r.ok());
    if (r.ok())
        return "";
    EXPECT_EQ(r.error().kind, Errc::Usage);
    return r.error().message;
}

const char* kFile = "# written by hand\n"
                    "nameserver 192.0.2.53\n"
                    "; a semicolon comment\n"
                    "domain old.example\n"
                    "nameserver 2001:db8::53\n"
                    "search a.example b.example # trailing comment\n"
                    "sortlist 130.155.160.0/255.255.240.0\n"
                    "options ndots:2 rotate edns0\n"
                    "frobnicate yes\n"
                    "nameserver fe80::1%eth0\n"
                    "nameserver 198.51.100.53\n";

} // namespace

TEST(ResolvConf, ReadsWhatTheResolverReads) {
    auto c = parse(kFile);
    EXPECT_EQ(c.nameservers,
              (std::vector<std::string>{"192.0.2.53", "2001:db8::53", "fe80::1%eth0"}));
    EXPECT_EQ(c.search, (std::vector<std::string>{"a.example", "b.example"}));
    EXPECT_EQ(c.search_keyword, "search");
    EXPECT_EQ(c.options, (std::vector<std::string>{"ndots:2", "rotate", "edns0"}));
}

TEST(ResolvConf, ReportsIgnoredLinesWithTheirLineNumber) {
    auto c = parse(kFile);
    ASSERT_EQ(c.warnings.size(), 3u);
    EXPECT_EQ(c.warnings[0].line, 6); // search overrides domain
    EXPECT_NE(c.warnings[0].message.find("last one wins"), std::string::npos);
    EXPECT_EQ(c.warnings[1].line, 9);  // frobnicate
    EXPECT_EQ(c.warnings[2].line, 11); // the fourth nameserver
    EXPECT_NE(c.warnings[2].message.find("198.51.100.53"), std::string::npos);
}

TEST(ResolvConf, LastOfDomainAndSearchWins) {
    auto c = parse("search a.example\ndomain z.example\n");
    EXPECT_EQ(c.search, (std::vector<std::string>{"z.example"}));
    EXPECT_EQ(c.search_keyword, "domain");
}

TEST(ResolvConf, RoundTripIsByteExact) {
    EXPECT_EQ(parse(kFile).text(), kFile);
    EXPECT_EQ(parse("").text(), "");
    EXPECT_EQ(parse("   \n\t# x\n").text(), "   \n\t# x\n");
}

TEST(ResolvConf, ErrorsNameFileAndLine) {
    EXPECT_EQ(error_of("\nnameserver 192.0.2.300\n"),
              "/etc/resolv.conf:2: nameserver '192.0.2.300' is not an IPv4 or IPv6 address");
    EXPECT_EQ(error_of("nameserver\n"),
              "/etc/resolv.conf:1: nameserver takes one address, found 0");
    EXPECT_EQ(error_of("options rotate ndots:x\n"),
              "/etc/resolv.conf:1: option 'ndots:x': 'x' is not a number");
    EXPECT_EQ(error_of("options timeout\n"),
              "/etc/resolv.conf:1: option 'timeout' needs a value (timeout:N)");
    EXPECT_EQ(error_of("domain a.example b.example\n"),
              "/etc/resolv.conf:1: domain takes one name");
}

TEST(ResolvConf, CappedAndUnknownOptionsAreWarnings) {
    auto c = parse("options ndots:20 attempts:2 timeout:99 whatever\n");
    ASSERT_EQ(c.warnings.size(), 3u);
    EXPECT_NE(c.warnings[0].message.find("capped at 15"), std::string::npos);
    EXPECT_NE(c.warnings[1].message.find("capped at 30"), std::string::npos);
    EXPECT_NE(c.warnings[2].message.find("unknown option 'whatever'"), std::string::npos);
}

TEST(ResolvConfChange, ReplacesOnlyTheNamedPartsInPlace) {
    auto change = parse_resolv_conf_change({"nameserver", "203.0.113.1", "203.0.113.2"});
    ASSERT_TRUE(change.ok());
    auto next = apply_change(parse(kFile), *change, "f");
    ASSERT_TRUE(next.ok()) << next.error().message;
    EXPECT_EQ(next->text(), "# written by hand\n"
                            "nameserver 203.0.113.1\n"
                            "nameserver 203.0.113.2\n"
                            "; a semicolon comment\n"
                            "domain old.example\n"
                            "search a.example b.example # trailing comment\n"
                            "sortlist 130.155.160.0/255.255.240.0\n"
                            "options ndots:2 rotate edns0\n"
                            "frobnicate yes\n");
}

TEST(ResolvConfChange, SearchAndOptionsReplaceTheirLines) {
    auto change = parse_resolv_conf_change(
        {"search", "lan.example", "options", "ndots:1", "nameserver", "192.0.2.1"});
    ASSERT_TRUE(change.ok());
    auto next = apply_change(parse("# keep\nsearch x.example\noptions rotate\n"), *change, "f");
    ASSERT_TRUE(next.ok());
    EXPECT_EQ(next->text(), "# keep\nnameserver 192.0.2.1\nsearch lan.example\noptions ndots:1\n");
    EXPECT_EQ(next->nameservers, (std::vector<std::string>{"192.0.2.1"}));
}

TEST(ResolvConfChange, AppendsToAnEmptyFile) {
    auto change = parse_resolv_conf_change({"nameserver", "::1", "domain", "lan.example"});
    ASSERT_TRUE(change.ok());
    auto next = apply_change(parse(""), *change, "f");
    ASSERT_TRUE(next.ok());
    EXPECT_EQ(next->text(), "nameserver ::1\nsearch lan.example\n");
}

TEST(ResolvConfChange, RefusesBadWords) {
    auto err = [](std::vector<std::string> w) {
        auto r = parse_resolv_conf_change(w);
        EXPECT_FALSE(r.ok());
        return r.ok() ? "" : r.error().message;
    };
    EXPECT_EQ(err({"192.0.2.1"}),
              "expected nameserver, search, domain or options before '192.0.2.1'");
    EXPECT_EQ(err({"nameserver", "a", "b"}), "nameserver 'a' is not an IPv4 or IPv6 address");
    EXPECT_EQ(err({"nameserver", "::1", "::2", "::3", "::4"}),
              "at most 3 nameservers: the resolver ignores the rest");
    EXPECT_EQ(err({"nameserver", "::1", "nameserver", "::2"}), "'nameserver' given twice");
    EXPECT_EQ(err({}), "nothing to set: give nameserver, search or options");
}
