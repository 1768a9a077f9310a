// The firewall's dynamic flows (keep-state), their lifetimes and the table's counters.
#pragma once

#include <xgw/Result.h>
#include <xgw/UniqueFd.h>
#include <xgw/bpf/PinPaths.h>

#include <xgw/abi/ct.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace xgw::fw {

struct FlowEntry {
    xgw_flow_key key;
    xgw_flow flow;
    std::int64_t expires_in_ms; // from now; negative: expired, removed on its next packet
};

class FlowTable {
  public:
    static Result<FlowTable> open(const PinPaths& paths);

    Result<std::vector<FlowEntry>> list() const;
    // Removes the flows whose lifetime has run out (the data path removes one only when its
    // next packet comes, so a silent flow would hold its slot); returns how many.
    Result<std::size_t> remove_expired() const;
    // Lifetimes in seconds by enum xgw_ct_lifetime, with defaults filled in.
    Result<std::array<std::uint32_t, XGW_CT__MAX>> lifetimes() const;
    // name as in ipfw: dyn_ack_lifetime, dyn_udp_lifetime, ...
    Result<void> set_lifetime(const std::string& name, std::uint32_t seconds);
    Result<std::array<std::uint64_t, XGW_CT_STAT__MAX>> stats() const;
    // Flows the table holds: its size chosen at the first attach (`--flows`).
    std::size_t capacity() const;

    static std::vector<std::string> lifetime_names();

  private:
    FlowTable(PinPaths paths, UniqueFd flows, UniqueFd config, UniqueFd stats)
        : paths_(std::move(paths)), flows_(std::move(flows)), config_(std::move(config)),
          stats_(std::move(stats)) {}
    PinPaths paths_; // whose writers' lock set_lifetime holds
    UniqueFd flows_, config_, stats_;
};

// "tcp 192.0.2.2:40000 <-> 198.51.100.2:80" with the initiator first.
std::string flow_endpoints(const xgw_flow_key& key, const xgw_flow& flow);
std::string flow_state(const xgw_flow_key& key, const xgw_flow& flow);

} // namespace xgw::fw
