// One route as the operator spelled it (route(8) or CIDR), and the parser of those spellings.
#pragma once

#include <xgw/Result.h>
#include <xgw/fw/IpPrefix.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace xgw::route {

using fw::IpFamily;
using fw::IpPrefix;

inline constexpr std::uint32_t kMainTable = 254;

struct RouteSpec {
    IpPrefix dest;                   // default is the zero-length prefix
    std::optional<IpPrefix> gateway; // a full-length address
    std::string dev;
    std::optional<std::uint32_t> metric;
    std::uint32_t table = kMainTable;

    // Back in route(8) words, for messages: "-net 10.0.0.0/8 gw 192.0.2.1 dev eth0".
    std::string str() const;
    bool operator==(const RouteSpec&) const = default;
};

// route(8) arguments, one or more routes: "[-net|-host] DEST [netmask MASK | /LEN] [gw ADDR]
// [dev IF] [metric N] [table T] [IF]". A new route starts at -net/-host, or at an address once
// the current one has its destination. family resolves "default" (IPv4 unless told).
Result<std::vector<RouteSpec>> parse_route_args(const std::vector<std::string>& words,
                                                std::optional<IpFamily> family = std::nullopt);

enum class RouteOpKind { Add, Delete };

struct RouteOp {
    RouteOpKind kind = RouteOpKind::Add;
    RouteSpec spec;
    bool operator==(const RouteOp&) const = default;
};

// A batch file: one "add|delete ROUTE-ARGS" per line; '#' starts a comment. Errors name the line.
Result<std::vector<RouteOp>> parse_route_batch(const std::string& text,
                                               std::optional<IpFamily> family = std::nullopt);

// "main", "local", "default", a name from /etc/iproute2/rt_tables, or a number.
Result<std::uint32_t> parse_table(const std::string& text);
std::string table_name(std::uint32_t table);

// A whole number, decimal or 0x hex, that fits in 32 bits; what names the value for errors.
Result<std::uint32_t> parse_u32(const std::string& text, const std::string& what);

} // namespace xgw::route
