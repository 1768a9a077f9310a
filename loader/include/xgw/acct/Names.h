// Names of IP protocols and ICMP types as accounting shows them (numbers where there is none).
#pragma once

#include <xgw/fw/IpPrefix.h>

#include <cstdint>
#include <string>

namespace xgw::acct {

std::string protocol_name(std::uint8_t number);
std::string icmp_type_name(fw::IpFamily family, std::uint8_t type);
std::string family_name(fw::IpFamily family); // "ipv4", "ipv6"

} // namespace xgw::acct
