// A route as the kernel holds it, one row per next hop.
#pragma once

#include <xgw/route/RouteSpec.h>

#include <cstdint>
#include <optional>
#include <string>

namespace xgw::route {

enum class RouteType {
    Unicast,
    Local,
    Broadcast,
    Multicast,
    Blackhole,
    Unreachable,
    Prohibit,
    Other
};

struct RouteEntry {
    IpPrefix dest;
    std::optional<IpPrefix> gateway;
    std::string dev; // empty when the route has no device (reject routes)
    std::uint32_t metric = 0;
    std::uint32_t table = kMainTable;
    RouteType type = RouteType::Unicast;
    std::string protocol; // kernel, boot, static, ...
    bool up = true;       // false when the next hop's link is down
};

} // namespace xgw::route
