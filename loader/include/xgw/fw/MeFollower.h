// What follows the host's addresses: the tables of `me` and `me6`, and masquerade's
// interface addresses, kept equal to them.
#pragma once

#include <xgw/Result.h>
#include <xgw/fw/FirewallTables.h>

#include <functional>

namespace xgw::fw {

// Runs sync (which reads the current network namespace's addresses) once; with follow, again
// on every address change netlink reports, until stop() returns true.
Result<void> follow_host_addresses(const std::function<Result<void>()>& sync, bool follow,
                                   const std::function<bool()>& stop);

// The sync of everything that follows addresses: me, me6 and masquerade's addresses.
Result<void> sync_host_addresses(const FirewallTables& tables, const PinPaths& paths);

} // namespace xgw::fw
