// How `xgw acct show` prints definitions and counters, as text and as JSON.
#pragma once

#include <xgw/acct/Accounting.h>

#include <nlohmann/json.hpp>

#include <string>

namespace xgw::cli {

// Which tables to show: "all", "hosts", "ports", "protocols" or "icmp-types".
nlohmann::json acct_json(const acct::Definitions& defs, const acct::Snapshot& snap,
                         const std::string& table);
void print_acct(const acct::Definitions& defs, const acct::Snapshot& snap,
                const std::string& table);

} // namespace xgw::cli
