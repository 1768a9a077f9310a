// A route netlink socket: every routing, rule, address and link change goes through one.
#pragma once

#include <xgw/Result.h>

#include <functional>
#include <memory>
#include <string>

struct nl_sock;
struct nl_msg;

namespace xgw::route {

class Netlink {
  public:
    static Result<Netlink> open();
    Netlink(Netlink&&) noexcept;
    Netlink& operator=(Netlink&&) noexcept;
    ~Netlink();

    nl_sock* sock() const { return sk_.get(); }

    // Sends msg (taking it) and waits for the kernel's answer. A refusal becomes an Error that
    // says what failed in the kernel's words: "route add ...: no such device (extack text)".
    Result<void> request(nl_msg* msg, const std::string& what) const;

    // Dumps every object of a kind (RTM_GETROUTE, ...) of a family, one message at a time: read
    // straight from the kernel, never merged in a cache.
    Result<void> dump(int type, int family, const std::function<void(nl_msg*)>& each,
                      const std::string& what) const;

  private:
    struct Deleter {
        void operator()(nl_sock* sk) const;
    };
    explicit Netlink(nl_sock* sk) : sk_(sk) {}
    std::unique_ptr<nl_sock, Deleter> sk_;
};

// A libnl failure code (negative NLE_*) as an Error.
Error nl_failure(int nle, const std::string& what);

// if_nametoindex with a clear NotFound error ("no such device 'eth9'").
Result<int> ifindex_of(const std::string& ifname);
std::string ifname_of(int ifindex);

} // namespace xgw::route
