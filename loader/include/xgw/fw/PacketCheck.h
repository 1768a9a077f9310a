// `xgw fw check`: one packet, described in rule syntax, through the loaded programs.
#pragma once

#include <xgw/Result.h>
#include <xgw/bpf/PinPaths.h>
#include <xgw/fw/ServiceDb.h>

#include <cstdint>
#include <string>
#include <vector>

namespace xgw::fw {

struct CheckResult {
    std::string verdict;       // accepted, denied, rejected
    std::uint16_t rule = 0;    // the deciding rule's number; 65535 for the default
    bool by_state = false;     // a flow of a keep-state rule let it pass
    bool classified = true;    // false: no ruleset loaded, the firewall passed it untouched
    std::vector<std::uint8_t> frame;
};

// spec: [in|out] [via IF] PROTO from ADDR [PORT] to ADDR [PORT] [setup|established|tcpflags ...]
// Nothing is counted and no flow is made.
Result<CheckResult> check_packet(const PinPaths& paths, const std::vector<std::string>& spec,
                                 const ServiceDb* services);

} // namespace xgw::fw
