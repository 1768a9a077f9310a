// What `xgw aoe steer --to` names, turned into a steering action and its argument, and back
// into words for `xgw aoe show`.
#pragma once

#include <xgw/Result.h>
#include <xgw/aoe/AoeSteering.h>

#include <string>
#include <vector>

namespace xgw::aoe {

struct SteeringAction {
    std::uint32_t action = XGW_AOE_ACT_PASS; // enum xgw_aoe_action
    std::uint32_t arg = 0;                   // redirect: ifindex; cpu: CPU number
};

// words: "stack", "drop", "redirect IFACE", "cpu N" ("xsk" is resolved against a running
// target by the caller). IFACE is looked up in the current network namespace.
Result<SteeringAction> parse_steering_action(const std::vector<std::string>& words);

// "stack", "drop", "redirect s0", "cpu 1", "xsk 0 queue 0".
std::string describe_steering(const SteeringEntry& entry);
// The action's word in `--to`: "stack" for pass, else its name.
std::string_view steering_verb(std::uint32_t action);
// The interface's name, or "ifN" when it has none (gone) in the current namespace.
std::string interface_name(std::uint32_t ifindex);

} // namespace xgw::aoe
