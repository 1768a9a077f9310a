// The TUN device a PPP link carries IP over (no packet information header: each read is one
// IPv4 or IPv6 packet), with its addresses and routes set through the route module's netlink.
#pragma once

#include <xgw/Result.h>
#include <xgw/UniqueFd.h>

#include <cstdint>
#include <string>

namespace xgw::ppp {

class TunDevice {
  public:
    // name may hold "%d" ("ppp%d": the kernel picks the first free number).
    static Result<TunDevice> create(const std::string& name);

    int fd() const { return fd_.get(); }
    const std::string& name() const { return name_; }

    // Up with this MTU, local/32, a host route to the peer; the default route through the
    // link when asked and none exists (returns whether it added one).
    Result<void> configure_ipv4(std::uint32_t local, std::uint32_t remote, std::uint32_t mtu);
    Result<bool> add_default_route();
    Result<void> add_link_local(std::uint64_t interface_id);

  private:
    TunDevice(UniqueFd fd, std::string name) : fd_(std::move(fd)), name_(std::move(name)) {}
    UniqueFd fd_;
    std::string name_;
};

} // namespace xgw::ppp
