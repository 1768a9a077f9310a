// What the kernel driver behind an interface is, where xgw's data path depends on it.
#pragma once

#include <string>

namespace xgw {

// True when the interface is one end of a veth pair (ethtool's driver name "veth").
bool is_veth(const std::string& ifname);

// What a packet on the interface starts with, by the device's hardware type (SIOCGIFHWADDR):
// an Ethernet header (Ethernet, loopback), or its IP header (an L3 link: tun, ppp, wireguard,
// ip tunnels), or something else xgw's programs do not parse (type in *arphrd).
enum class LinkFraming { Ethernet, L3, Other };
LinkFraming link_framing(const std::string& ifname, unsigned* arphrd = nullptr);

} // namespace xgw
