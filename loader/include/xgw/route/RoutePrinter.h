// The netstat -rn / route -n view of a routing table.
#pragma once

#include <xgw/route/RouteEntry.h>

#include <string>
#include <vector>

namespace xgw::route {

struct RoutePrintOptions {
    IpFamily family = IpFamily::V4;
    bool numeric = true;     // false: "default" and "*" for the zero address, as route(8) does
    bool show_table = false; // a Table column, for listings of several tables
};

// U (up), G (via a gateway), H (host route), ! (reject: unreachable, prohibit, blackhole).
std::string route_flags(const RouteEntry& entry);

// IPv4 as route -n (Destination, Gateway, Genmask), IPv6 as route -A inet6 -n (Destination/LEN,
// Next Hop); then Flags, Metric, (Table,) Iface. Only entries of options.family are printed.
std::string format_route_table(const std::vector<RouteEntry>& entries,
                               const RoutePrintOptions& options);

// The IPv4 netmask of a prefix length: 24 -> 255.255.255.0.
std::string netmask_str(unsigned length);

} // namespace xgw::route
