// A policy routing rule (ip rule): which packets look up which table.
#pragma once

#include <xgw/route/RouteSpec.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace xgw::route {

enum class RuleAction { Lookup, Blackhole, Unreachable, Prohibit, Other };

struct PolicyRule {
    IpFamily family = IpFamily::V4;
    std::optional<std::uint32_t> priority;
    std::optional<IpPrefix> from;
    std::optional<IpPrefix> to;
    std::optional<std::uint32_t> fwmark;
    std::optional<std::uint32_t> fwmask; // with fwmark; none means all bits
    std::string iif;
    std::string oif;
    RuleAction action = RuleAction::Lookup;
    std::uint32_t table = 0; // with Lookup; 0 = not given
    std::uint8_t protocol = 0; // who made the rule (RTPROT_*); 0: not given

    bool operator==(const PolicyRule&) const = default;
};

// "[from PREFIX] [to PREFIX] [fwmark N[/MASK]] [iif IF] [oif IF] [priority N] [table T]"
// (pref, prio and lookup are accepted as in ip-rule(8)); family resolves a rule without addresses.
Result<PolicyRule> parse_rule_args(const std::vector<std::string>& words,
                                   std::optional<IpFamily> family = std::nullopt);

// One rule per line as ip rule show prints it: "100:\tfrom all fwmark 0x1 lookup 100".
std::string format_rule(const PolicyRule& rule);

// The rule in the words of `xgw rule add`, only the fields it has: "priority 100 fwmark 0x1
// table 100" (for messages; the words parse back to the same rule).
std::string describe_rule(const PolicyRule& rule);

} // namespace xgw::route
