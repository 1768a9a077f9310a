// A netlink message as the kernel sent it in a dump, kept to send back: as a delete it removes
// exactly that object, as an add it puts the object back with every attribute it had.
#pragma once

#include <xgw/route/Netlink.h>

#include <linux/netlink.h>

#include <cstddef>
#include <string>
#include <vector>

namespace xgw::route {

class KernelMessage {
  public:
    explicit KernelMessage(const nlmsghdr* hdr);

    const nlmsghdr* header() const { return reinterpret_cast<const nlmsghdr*>(bytes_.data()); }
    nlmsghdr* header() { return reinterpret_cast<nlmsghdr*>(bytes_.data()); }
    // The payload after the header (rtmsg, fib_rule_hdr, ...).
    template <class T> T* body() { return static_cast<T*>(NLMSG_DATA(header())); }
    template <class T> const T* body() const { return static_cast<const T*>(NLMSG_DATA(header())); }

    // Sends the message back as TYPE with FLAGS (request and ack are added) and waits for the
    // kernel's answer.
    Result<void> send(const Netlink& nl, int type, int flags, const std::string& what) const;

  private:
    std::vector<std::byte> bytes_;
};

} // namespace xgw::route
