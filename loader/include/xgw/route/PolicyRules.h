// Policy routing rules in the kernel: list, add, delete.
#pragma once

#include <xgw/route/Netlink.h>
#include <xgw/route/PolicyRule.h>

#include <vector>

namespace xgw::route {

Result<std::vector<PolicyRule>> list_rules(const Netlink& nl, std::optional<IpFamily> family);
// Adding needs a table; deleting matches on every field that is given.
Result<void> add_rule(const Netlink& nl, const PolicyRule& rule);
Result<void> delete_rule(const Netlink& nl, const PolicyRule& rule);

} // namespace xgw::route
