// Rates between two samples of xgw's counters, grouped as `xgw top` shows them.
#pragma once

#include <xgw/acct/Metrics.h>

#include <cstddef>
#include <string>
#include <vector>

namespace xgw::acct {

struct Rate {
    double pps = 0;
    double bps = 0; // bits per second
};

struct RateRow {
    std::string label;
    Rate a; // the section's first column
    Rate b; // the second, where it has one
};

struct RateSection {
    std::string title;
    std::string col_a, col_b; // col_b empty: one column
    std::vector<RateRow> rows;
};

// Interfaces (in, out), firewall rules (matched) and the top talkers among accounted hosts
// (sent: arriving from the host; received: leaving towards it), busiest first. A counter that
// went down (zeroed meanwhile) counts as no traffic.
std::vector<RateSection> rates(const Metrics& before, const Metrics& after,
                               std::size_t max_talkers);

} // namespace xgw::acct
