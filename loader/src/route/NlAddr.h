// Between xgw's IpPrefix and libnl's nl_addr.
#pragma once

#include <xgw/fw/IpPrefix.h>

#include <netlink/addr.h>

#include <memory>

namespace xgw::route {

struct NlAddrPut {
    void operator()(nl_addr* a) const { nl_addr_put(a); }
};
using NlAddr = std::unique_ptr<nl_addr, NlAddrPut>;

inline int af(fw::IpFamily f) {
    return f == fw::IpFamily::V4 ? AF_INET : AF_INET6;
}

// The prefix as an nl_addr (null when out of memory).
NlAddr to_nl_addr(const fw::IpPrefix& p);

// The nl_addr's bytes and prefix length; a missing address is the zero-length prefix.
fw::IpPrefix from_nl_addr(const nl_addr* a, fw::IpFamily family);

} // namespace xgw::route
