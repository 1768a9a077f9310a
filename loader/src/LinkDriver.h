// What the kernel driver behind an interface is, where xgw's data path depends on it.
#pragma once

#include <string>

namespace xgw {

// True when the interface is one end of a veth pair (ethtool's driver name "veth").
bool is_veth(const std::string& ifname);

} // namespace xgw
