// Which policy rule a delete may remove. Unlike ip rule del, which removes the first rule that
// matches whatever was given (the local table's rule when nothing was), xgw refuses a delete
// that names nothing, removes only rules it made unless a rule is named exactly, and leaves the
// kernel's local, main and default rules alone unless forced.
#pragma once

#include <xgw/route/PolicyRule.h>

#include <cstddef>
#include <vector>

namespace xgw::route {

// The protocol xgw stamps on the rules it makes (ip rule shows "proto 120").
inline constexpr std::uint8_t kXgwRuleProtocol = 120;

// True at priority 0, 32766 and 32767, where the kernel keeps its local, main and default rules.
bool is_system_rule(const PolicyRule& rule);

// The index, in rules (the kernel's order), of the rule that a delete naming `named` removes:
// the first that matches every field named, and that xgw made or that `named` spells whole.
// Errors: Usage when nothing is named or only rules xgw did not make match in part, Permission
// for a system rule without force, NotFound when nothing matches; each names the rule.
Result<std::size_t> rule_to_delete(const std::vector<PolicyRule>& rules, const PolicyRule& named,
                                   bool force);

} // namespace xgw::route
