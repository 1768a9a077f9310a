// The interfaces' own IPv4 addresses, as masquerade reads them in the data path when routing
// cannot answer (forwarding off, policy routing): kept equal to the kernel's by libxgw.
#pragma once

#include <xgw/Result.h>
#include <xgw/abi/nat.h>
#include <xgw/bpf/PinPaths.h>
#include <xgw/route/Addresses.h>

#include <cstdint>
#include <map>
#include <vector>

namespace xgw::nat {

// The map's image of `addresses`: per ifindex, global (and site) scope IPv4 addresses in the
// kernel's order, at most XGW_NAT_IFADDRS each. Link- and host-scope ones never masquerade.
std::map<std::uint32_t, xgw_nat_ifaddrs>
interface_address_image(const std::vector<route::AddressEntry>& addresses);

// Writes the image of this namespace's addresses into xgw_nat_ifaddrs: entries change in
// place, interfaces gone or left without an address are removed.
Result<void> sync_interface_addresses(const PinPaths& paths);

// The address masquerade on ifname would use now, or an error saying why there is none.
Result<std::uint32_t> masquerade_address(const std::string& ifname);

} // namespace xgw::nat
