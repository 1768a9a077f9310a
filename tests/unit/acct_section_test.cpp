// The [acct] section: what it defines, that its printed form reads back to the same
// definitions, that a file without it leaves accounting alone, and errors at their position.
#include "fw_test_util.h"

#include <xgw/acct/Definitions.h>

using namespace xgw;
using namespace xgw::fw::test;

namespace {

std::optional<acct::Definitions> acctOf(std::string_view text) {
    auto r = parse(text);
    EXPECT_TRUE(r.ok()) << (r.diagnostics.empty() ? "" : r.diagnostics[0].str());
    return r.ok() ? r.ruleset->acct : std::nullopt;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines)
        out += l + "\n";
    return out;
}

} // namespace

TEST(AcctSection, DefinesWhatItSays) {
    auto d = acctOf("allow ip from any to any\n"
                    "[acct]\n"
                    "net 192.0.2.0/24, 2001:db8::/64\n"
                    "net 198.51.100.7\n"
                    "port tcp/80 udp/53 8000-8001\n"
                    "protocols\n"
                    "icmp-types\n"
                    "bytes frame\n");
    ASSERT_TRUE(d);
    ASSERT_EQ(d->nets.size(), 3u);
    EXPECT_EQ(d->nets[1].str(), "2001:db8::/64");
    EXPECT_EQ(d->nets[2].str(), "198.51.100.7");
    std::vector<std::string> ports;
    for (const auto& p : d->ports)
        ports.push_back(p.str());
    EXPECT_EQ(ports, (std::vector<std::string>{"tcp/80", "udp/53", "tcp/8000", "tcp/8001",
                                               "udp/8000", "udp/8001"}));
    EXPECT_TRUE(d->protocols);
    EXPECT_TRUE(d->icmp_types);
    EXPECT_EQ(d->bytes, acct::ByteCount::Frame);
}

TEST(AcctSection, PrintsBackToTheSameDefinitions) {
    auto d = acctOf("[acct]\nnet 10.0.0.0/8 fd00::/8\nport tcp/22 tcp/8000-8010 udp/53 udp/54\n"
                    "protocols\nbytes frame\n");
    ASSERT_TRUE(d);
    const auto lines = acct::printDefinitions(*d);
    EXPECT_EQ(joined(lines), "net 10.0.0.0/8 fd00::/8\nport tcp/22 tcp/8000-8010 udp/53-54\n"
                             "protocols\nbytes frame\n");
    auto again = acctOf("[acct]\n" + joined(lines));
    ASSERT_TRUE(again);
    auto sorted = *d;
    std::sort(sorted.ports.begin(), sorted.ports.end());
    EXPECT_EQ(*again, sorted);
}

TEST(AcctSection, AbsentLeavesAccountingAloneEmptyClearsIt) {
    auto without = parse("allow ip from any to any\n[nat]\nmasquerade u0\n");
    ASSERT_TRUE(without.ok());
    EXPECT_FALSE(without.ruleset->acct.has_value());
    auto empty = acctOf("allow ip from any to any\n[acct]\n# nothing is accounted\n");
    ASSERT_TRUE(empty);
    EXPECT_EQ(*empty, acct::Definitions{});
    EXPECT_TRUE(acct::printDefinitions(*empty).empty());
}

TEST(AcctSection, Errors) {
    EXPECT_EQ(errorsOf("[acct]\nhosts 10.0.0.0/8"),
              "rules.conf:2:1: expected net, port, protocols, icmp-types or bytes, found "
              "'hosts'");
    EXPECT_EQ(errorsOf("[acct]\nnet 10.0.0.0/33"),
              "rules.conf:2:5: prefix length 33 is out of range (0-32)");
    EXPECT_EQ(errorsOf("[acct]\nnet"),
              "rules.conf:2:4: expected a CIDR (IPv4 or IPv6) after 'net', found end of line");
    EXPECT_EQ(errorsOf("[acct]\nport tcp/80 sctp/9"),
              "rules.conf:2:13: 'sctp' is not a port protocol (tcp or udp)");
    EXPECT_EQ(errorsOf("[acct]\nport udp/0"),
              "rules.conf:2:6: 'udp/0' is not a port (1-65535), a range or PROTO/PORT");
    EXPECT_EQ(errorsOf("[acct]\nbytes l2"),
              "rules.conf:2:7: expected 'ip' or 'frame' after 'bytes', found 'l2'");
    EXPECT_EQ(errorsOf("[acct]\nprotocols tcp"),
              "rules.conf:2:11: expected end of line after 'protocols', found 'tcp'");
}
