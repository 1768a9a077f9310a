// Everything a monitoring scrape or `xgw top` shows, read from a namespace's pinned state at once.
#pragma once

#include <xgw/Datapath.h>
#include <xgw/Result.h>
#include <xgw/acct/Snapshot.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace xgw::acct {

struct RuleSample {
    std::uint16_t number = 0;
    std::string text;
    xgw_counter counts{};
};

struct Metrics {
    std::chrono::steady_clock::time_point taken;
    std::vector<IfaceStats> interfaces;
    std::vector<RuleSample> rules;      // the firewall rules in force, in evaluation order
    std::optional<Snapshot> accounting; // nullopt: the state has no accounting maps
};

Result<Metrics> collect_metrics(const Datapath& dp);

} // namespace xgw::acct
