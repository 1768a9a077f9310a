// Events of `log` rules, read from the kernel's ring buffer, and the limits' counters.
#pragma once

#include <xgw/Result.h>
#include <xgw/UniqueFd.h>
#include <xgw/bpf/PinPaths.h>
#include <xgw/bpf/RingBuffer.h>

#include <xgw/abi/fw.h>

#include <array>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace xgw::fw {

class FirewallLog {
  public:
    static Result<FirewallLog> open(const PinPaths& paths);

    using Sink = std::function<void(const xgw_fw_log_event&)>;
    // The ring's events, handed to sink as the consumer drains or polls them.
    Result<RingBuffer> subscribe(Sink sink) const;
    // Calls sink for each event waiting now (follow: and then as they come, until stop()).
    Result<void> read(const Sink& sink, bool follow, const std::function<bool()>& stop);
    Result<std::array<std::uint64_t, XGW_FW_LOG__MAX>> stats() const;
    // Whether this is still the ring pinned under paths (not one of a state since removed).
    bool is_current(const PinPaths& paths) const;
    // Zeroes the per-rule logged counts of these counter slots, so they log again.
    Result<void> reset(const std::vector<std::uint32_t>& slots) const;

    static std::vector<std::string> stat_names();

  private:
    FirewallLog(UniqueFd ring, UniqueFd logged, UniqueFd stats)
        : ring_(std::move(ring)), logged_(std::move(logged)), stats_(std::move(stats)) {}
    UniqueFd ring_, logged_, stats_;
};

// The verdict as ipfw logs it: "Accept", "Deny", "Reject", "Unreach", "Count", ...
const char* log_action_word(std::uint8_t action);

// "5300 Deny TCP 198.51.100.7:40000 192.0.2.1:23 in via veth0", as ipfw logs it.
std::string format_log_event(const xgw_fw_log_event& ev, const std::string& ifname);

} // namespace xgw::fw
