// What xgwd did, counted: shown by `xgw status` and served as metrics.
#pragma once

#include <xgw/daemon/LogForwarder.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace xgw::daemon {

// Written by the event loop and the name keeper's thread, read by the metrics thread.
struct DaemonCounters {
    LogCounts log;
    std::atomic<std::uint64_t> log_lost_in_kernel{0}; // the ring was full (the kernel's count)
    std::atomic<std::uint64_t> flows_expired{0};
    std::atomic<std::uint64_t> nat_bindings_expired{0};
    std::atomic<std::uint64_t> nat_bindings_readdressed{0}; // their address left the host
    std::atomic<std::uint64_t> links_restored{0};           // programs attached again
    std::atomic<std::uint64_t> links_gone{0};
    std::atomic<std::uint64_t> address_syncs{0};
    std::atomic<std::uint64_t> orphans_released{0};   // state of deleted namespaces (xgw gc)
    std::atomic<std::uint64_t> table_names_asked{0};  // names of firewall tables asked again
    std::atomic<std::uint64_t> table_names_failed{0}; // of them, those that got no answer
    std::atomic<std::uint64_t> errors{0};

    // Name and value of each, in a fixed order: "log_forwarded", "flows_expired", ...
    std::vector<std::pair<std::string, std::uint64_t>> snapshot() const;
};

} // namespace xgw::daemon
