// What the kernel announces about links and addresses (rtnetlink multicast groups), read
// without blocking: for event loops that follow interfaces coming and going.
#pragma once

#include <xgw/Result.h>
#include <xgw/UniqueFd.h>

#include <cstdint>
#include <string>
#include <vector>

namespace xgw::route {

struct LinkEvent {
    bool present = true; // false: the link was deleted
    std::uint32_t ifindex = 0;
    std::string name;
};

struct NetlinkBatch {
    std::vector<LinkEvent> links; // in the kernel's order
    bool addresses = false;       // an IPv4 or IPv6 address was added or removed
    bool overrun = false;         // events were lost: re-read the whole state
};

class NetlinkEvents {
  public:
    // Addresses always; links too when asked.
    static Result<NetlinkEvents> open(bool links);

    int fd() const { return fd_.get(); }
    // Everything queued now (nothing when nothing is).
    NetlinkBatch read();

  private:
    explicit NetlinkEvents(UniqueFd fd) : fd_(std::move(fd)) {}
    UniqueFd fd_;
};

} // namespace xgw::route
