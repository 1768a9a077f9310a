// Routes in the kernel's tables: list, add, delete, flush, and batches that apply whole or not at
// all. The kernel's tables are the only copy: nothing is cached between calls.
#pragma once

#include <xgw/route/Netlink.h>
#include <xgw/route/RouteEntry.h>

#include <cstddef>
#include <optional>
#include <vector>

namespace xgw::route {

struct RouteQuery {
    std::optional<IpFamily> family;                  // none: both
    std::optional<std::uint32_t> table = kMainTable; // none: every table
};

Result<std::vector<RouteEntry>> list_routes(const Netlink& nl, const RouteQuery& query);
Result<void> add_route(const Netlink& nl, const RouteSpec& spec);
Result<void> delete_route(const Netlink& nl, const RouteSpec& spec);

// Removes every route of the table that did not come from the kernel itself (connected and local
// routes of addresses stay); returns how many went.
Result<std::size_t> flush_routes(const Netlink& nl, const RouteQuery& query);

// Applies the operations in order. When one fails, the ones before it are undone in reverse
// (added routes deleted, deleted routes added back as the kernel had them) and its error returned.
Result<void> apply_routes(const Netlink& nl, const std::vector<RouteOp>& ops);

// For batches parsed without -4/-6: a delete of "default" with no gateway to tell its family
// takes the family of the default route its table holds (IPv4 when it holds none), as an add
// takes it from the gateway. Both families' defaults in the table: a Usage error.
Result<void> resolve_default_families(const Netlink& nl, std::vector<RouteOp>& ops);

} // namespace xgw::route
