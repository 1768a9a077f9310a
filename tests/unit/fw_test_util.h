// Helpers shared by the fw_* unit tests.
#pragma once

#include <gtest/gtest.h>
#include <string>
#include <string_view>
#include <xgw/fw/Parser.h>
#include <xgw/fw/RulePrinter.h>

namespace xgw::fw::test {

// A small, fixed services/protocols database, so tests never depend on /etc.
inline const ServiceDb& testServices() {
    static const ServiceDb db = ServiceDb::fromText(
        "ftp-data 20/tcp\nftp 21/tcp\nssh 22/tcp\nsmtp 25/tcp mail\ndomain 53/tcp\n"
        "domain 53/udp\nhttp 80/tcp www\nnetbios-ns 137/udp\nhttps 443/tcp\nntp 123/udp\n"
        "x11 6000/tcp\nsyslog 514/udp\n",
        "ip 0 IP\nicmp 1 ICMP\ntcp 6 TCP\nudp 17 UDP\nipv6 41 IPv6\ngre 47 GRE\n"
        "ipv6-icmp 58 IPv6-ICMP\nospf 89 OSPFIGP\nvrrp 112 VRRP\nsctp 132 SCTP\n");
    return db;
}

inline ParseResult parse(std::string_view text, uint16_t last = 0) {
    ParseOptions options;
    options.file = "rules.conf";
    options.services = &testServices();
    options.last_rule_number = last;
    return parseRuleset(text, options);
}

// The one rule of a one-rule text; fails the test if it does not parse.
inline Rule parseOne(std::string_view text) {
    auto result = parse(text);
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message) << "\n  in: " << text;
    if (!result.ok() || result.ruleset->firewall.rules.size() != 1) {
        ADD_FAILURE() << "expected exactly one rule from: " << text;
        return {};
    }
    return result.ruleset->firewall.rules.front();
}

// parse(print(parse(text))) == parse(text), and printing is stable.
inline void expectRoundTrip(std::string_view text) {
    auto first = parse(text);
    ASSERT_TRUE(first.ok()) << text << ": " << first.error().message;
    std::string printed = printRuleset(*first.ruleset);
    auto second = parse(printed);
    ASSERT_TRUE(second.ok()) << printed << ": " << second.error().message;
    EXPECT_EQ(*second.ruleset, *first.ruleset) << text << "\n printed: " << printed;
    EXPECT_EQ(printRuleset(*second.ruleset), printed) << text;
}

// All diagnostics as "file:line:column: message" lines.
inline std::string errorsOf(std::string_view text) {
    auto result = parse(text);
    EXPECT_FALSE(result.ok()) << "parsed without error: " << text;
    EXPECT_FALSE(result.ruleset.has_value());
    std::string out;
    for (const auto& d : result.diagnostics)
        out += (out.empty() ? "" : "\n") + d.str();
    return out;
}

} // namespace xgw::fw::test
