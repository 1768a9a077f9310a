// A route exactly as the kernel holds it: its rows for xgw (one per next hop) and the kernel's
// own message, so that a delete removes just it and an undo puts it back byte for byte.
#pragma once

#include "KernelMessage.h"

#include <xgw/route/RouteTable.h>

#include <vector>

namespace xgw::route {

struct KernelRoute {
    std::vector<RouteEntry> hops; // never empty
    KernelMessage message;
};

// Every route of the query (cloned cache entries left out), straight from the kernel.
Result<std::vector<KernelRoute>> dump_kernel_routes(const Netlink& nl, const RouteQuery& query);

// Removes exactly this route, every next hop of it.
Result<void> remove_route(const Netlink& nl, const KernelRoute& route, const std::string& what);

// Adds the route back as it was dumped: next hops, weights, src, protocol, metrics, scope, type
// and the flags a user can set (the kernel's own state flags are its to set again).
Result<void> restore_route(const Netlink& nl, const KernelRoute& route, const std::string& what);

} // namespace xgw::route
