// The maps every xgw program shares, opened from their pins.
#pragma once

#include <xgw/Result.h>
#include <xgw/UniqueFd.h>
#include <xgw/bpf/PinPaths.h>
#include <xgw/bpf/TypedMap.h>

#include <xgw/abi/config.h>
#include <xgw/abi/stats.h>

#include <optional>
#include <vector>

namespace xgw {

class PinnedMaps {
  public:
    // nullopt when the namespace has no pinned state; an error when it is from another ABI.
    static Result<std::optional<PinnedMaps>> open(const PinPaths& paths);

    // Stamps fresh state with this build's ABI version.
    Result<void> stamp_if_new() const;

    TypedMap<__u32, xgw_config> config;
    TypedMap<__u32, xgw_meta> meta;
    TypedMap<__u32, xgw_iface> ifaces;
    PerCpuMap<xgw_stats_key, xgw_if_stats> stats;

  private:
    PinnedMaps(std::vector<UniqueFd> fds, TypedMap<__u32, xgw_config> c,
               TypedMap<__u32, xgw_meta> m, TypedMap<__u32, xgw_iface> i,
               PerCpuMap<xgw_stats_key, xgw_if_stats> s)
        : config(c), meta(m), ifaces(i), stats(s), fds_(std::move(fds)) {}
    std::vector<UniqueFd> fds_;
};

} // namespace xgw
