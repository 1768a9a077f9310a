// Policy routing rules in the kernel: list, add, delete.
#pragma once

#include <xgw/route/Netlink.h>
#include <xgw/route/PolicyRule.h>

#include <vector>

namespace xgw::route {

Result<std::vector<PolicyRule>> list_rules(const Netlink& nl, std::optional<IpFamily> family);
// Adding needs a table; the rule is stamped with xgw's protocol unless it has one.
Result<void> add_rule(const Netlink& nl, const PolicyRule& rule);
// Deletes the first rule that matches every field given, whoever made it: for xgw's own rules,
// named by every field.
Result<void> delete_rule(const Netlink& nl, const PolicyRule& rule);
// The operator's delete: the rule rule_to_delete (RuleDeletion.h) picks, removed exactly; returns
// it.
Result<PolicyRule> delete_named_rule(const Netlink& nl, const PolicyRule& named, bool force);

} // namespace xgw::route
