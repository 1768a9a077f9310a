#include "CanonicalRuleset.h"

#include <xgw/fw/RulePrinter.h>
#include <xgw/nat/NatRule.h>

namespace xgw::config {

std::vector<std::string> canonical_lines(const fw::Ruleset& ruleset,
                                         const acct::Definitions& acct) {
    std::vector<std::string> out;
    for (const auto& r : ruleset.firewall.rules)
        out.push_back(fw::printRule(r));
    if (!ruleset.nat.empty())
        out.push_back("[nat]");
    for (const auto& r : ruleset.nat)
        out.push_back(nat::printNatRule(r));
    auto defs = acct::printDefinitions(acct);
    if (!defs.empty())
        out.push_back("[acct]");
    out.insert(out.end(), defs.begin(), defs.end());
    return out;
}

} // namespace xgw::config
