// `me` and `me6` follow the host's addresses: their tables are kept equal to them.
#pragma once

#include <xgw/Result.h>
#include <xgw/fw/FirewallTables.h>

#include <functional>

namespace xgw::fw {

// Syncs the tables of me and me6 with the addresses of the current network namespace; with
// follow, again on every address change netlink reports, until stop() returns true.
Result<void> follow_host_addresses(const FirewallTables& tables, bool follow,
                                   const std::function<bool()>& stop);

} // namespace xgw::fw
