// Accounting counters as read from the data path, summed over CPUs and generations.
#pragma once

#include <xgw/acct/Port.h>
#include <xgw/fw/IpPrefix.h>

#include <xgw/abi/acct.h>

#include <cstdint>
#include <vector>

namespace xgw::acct {

struct HostCounters {
    fw::IpPrefix address; // a full-length prefix
    xgw_acct_stats counts{};
};

struct PortCounters {
    Port port;
    xgw_acct_stats counts{};
};

// A protocol number, or an ICMP/ICMPv6 type, per IP family.
struct TypeCounters {
    fw::IpFamily family = fw::IpFamily::V4;
    std::uint8_t number = 0;
    xgw_acct_dir_stats counts{};
};

struct Snapshot {
    std::vector<HostCounters> hosts;     // by family, then address
    std::vector<PortCounters> ports;     // every accounted port, counted or not
    std::vector<TypeCounters> protocols; // only those counted
    std::vector<TypeCounters> icmp_types;
    std::uint64_t host_overflow = 0; // packets of hosts that found the host table full

    // Adds other's counters to these (an earlier read, a second generation).
    void merge(const Snapshot& other);
};

} // namespace xgw::acct
