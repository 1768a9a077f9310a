// What runs in this network namespace now, in the terms of the configuration: the interfaces
// xgw has attached, the ruleset in force, the routes. Read without the lock: readers see one
// whole generation.
#pragma once

#include <xgw/Datapath.h>
#include <xgw/Result.h>
#include <xgw/bpf/PinPaths.h>
#include <xgw/fw/Ast.h>
#include <xgw/route/RouteEntry.h>

#include <optional>
#include <string>
#include <vector>

namespace xgw::config {

struct RunningState {
    PinPaths paths{""};
    bool has_state = false;
    std::vector<IfaceStatus> interfaces;
    std::optional<TableStatus> tables;
    fw::Ruleset ruleset;          // empty when none is installed
    acct::Definitions acct;       // the accounting definitions in force
    bool has_ruleset = false;     // rules, NAT or accounting definitions are installed
};

Result<RunningState> read_running_state();

// The routes a configuration may own: unicast routes that neither the kernel (addresses,
// router advertisements) nor a routing daemon made, of every table but local.
Result<std::vector<route::RouteEntry>> configurable_routes();

} // namespace xgw::config
