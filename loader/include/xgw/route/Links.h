// Network interfaces: list them, set them up or down, change their MTU.
#pragma once

#include <xgw/route/Netlink.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace xgw::route {

struct LinkInfo {
    std::string name;
    int ifindex = 0;
    bool up = false;      // administratively (IFF_UP)
    bool carrier = false; // lower layer up (IFF_RUNNING)
    std::uint32_t mtu = 0;
    std::string mac; // empty when the link has none
};

struct LinkChange {
    std::optional<bool> up;
    std::optional<std::uint32_t> mtu;
};

// "up", "down", "mtu N", in any order and combination.
Result<LinkChange> parse_link_args(const std::vector<std::string>& words);

Result<std::vector<LinkInfo>> list_links(const Netlink& nl);
Result<void> set_link(const Netlink& nl, const std::string& ifname, const LinkChange& change);

} // namespace xgw::route
