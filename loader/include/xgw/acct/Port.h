// A TCP or UDP port that accounting counts, and how one is written on the command line.
#pragma once

#include <xgw/Result.h>

#include <xgw/abi/acct.h>

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace xgw::acct {

enum class PortProto : std::uint8_t { Tcp = XGW_ACCT_PORT_TCP, Udp = XGW_ACCT_PORT_UDP };

std::string_view to_string(PortProto proto);

struct Port {
    PortProto proto = PortProto::Tcp;
    std::uint16_t number = 0;

    std::string str() const; // "tcp/80"
    auto operator<=>(const Port&) const = default;
};

// "tcp/80", "udp/53", "tcp/8000-8010" (a range), "80" (TCP and UDP); port 0 is refused.
Result<std::vector<Port>> parse_ports(std::string_view text);

} // namespace xgw::acct
