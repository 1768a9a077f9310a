// One counter family in the Prometheus text format: what every xgw module's metrics share.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace xgw::acct {

using Labels = std::vector<std::pair<const char*, std::string>>;
// Emits one sample of a family: labels and the value.
using Emit = std::function<void(const Labels&, std::uint64_t)>;

// Appends the family's HELP and TYPE lines, then every sample the producer emits.
void family(std::string& out, const char* name, const char* help,
            const std::function<void(const Emit&)>& produce, const char* type = "counter");

} // namespace xgw::acct
