// What the kernel's routing would do with one packet (as `ip route get ... iif IF mark M`):
// asked of the kernel itself, so policy rules, marks and the forwarding sysctl all count.
#pragma once

#include <xgw/Result.h>
#include <xgw/fw/IpPrefix.h>

#include <cstdint>
#include <string>

namespace xgw::route {

using fw::IpPrefix;

struct RouteDecision {
    enum class Kind { Local, Forward, Unreachable } kind = Kind::Unreachable;
    std::uint32_t oif = 0;  // Forward: the interface it leaves by
    std::string gateway;    // Forward: the next hop, empty when on link
    std::string reason;     // Unreachable: the kernel's word for why (no route, forwarding off...)
};

// src and dst single addresses of one family; iif 0: a packet this host sends.
Result<RouteDecision> lookup_route(const IpPrefix& src, const IpPrefix& dst, std::uint32_t iif,
                                   std::uint32_t mark);

} // namespace xgw::route
