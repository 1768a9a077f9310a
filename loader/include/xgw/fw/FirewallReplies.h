// What `reject` and `unreach` answered, and why some packets got no answer (docs/rules.md 4).
#pragma once

#include <xgw/Result.h>
#include <xgw/bpf/PinPaths.h>

#include <xgw/abi/fw.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace xgw::fw {

struct FirewallReplies {
    // Counters by enum xgw_fw_reply_stat, summed over CPUs.
    static Result<std::array<std::uint64_t, XGW_FW_REPLY__MAX>> read(const PinPaths& paths);
    static std::vector<std::string> names();
};

} // namespace xgw::fw
