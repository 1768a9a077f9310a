// Interface addresses: list, add, delete.
#pragma once

#include <xgw/route/Netlink.h>
#include <xgw/route/RouteSpec.h>

#include <string>
#include <vector>

namespace xgw::route {

struct AddressEntry {
    IpPrefix address; // the interface's own address, host bits kept: 192.0.2.1/24
    std::string dev;
    std::string scope; // global, link, host

    // "192.0.2.1/24": always with the length, host bits kept.
    std::string str() const;
};

// "ADDR/LEN dev IF" (also "ADDR/LEN IF"); ADDR without /LEN is a single address.
Result<AddressEntry> parse_addr_args(const std::vector<std::string>& words);

// dev empty: every interface.
Result<std::vector<AddressEntry>> list_addresses(const Netlink& nl, const std::string& dev);
Result<void> add_address(const Netlink& nl, const AddressEntry& addr);
Result<void> delete_address(const Netlink& nl, const AddressEntry& addr);

} // namespace xgw::route
