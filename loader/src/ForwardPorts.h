// The pinned maps of the XDP forwarding offload: the set of forwarding ports and the outcomes.
#pragma once

#include <xgw/Result.h>
#include <xgw/UniqueFd.h>
#include <xgw/bpf/PinPaths.h>
#include <xgw/bpf/TypedMap.h>

#include <xgw/abi/fwd.h>

#include <array>
#include <cstdint>

namespace xgw {

class ForwardPorts {
  public:
    static Result<ForwardPorts> open(const PinPaths& paths);

    bool contains(__u32 ifindex) const { return ports_.lookup(ifindex).has_value(); }
    // Makes the interface a forwarding port (ingress offload on, a redirect target), or not.
    Result<void> set(__u32 ifindex, bool on) const;
    std::array<std::uint64_t, XGW_FWD__MAX> outcomes() const;

  private:
    ForwardPorts(UniqueFd ports_fd, UniqueFd stats_fd, TypedMap<__u32, __u32> ports,
                 PerCpuMap<__u32, __u64> stats)
        : ports_fd_(std::move(ports_fd)), stats_fd_(std::move(stats_fd)), ports_(ports),
          stats_(stats) {}
    UniqueFd ports_fd_, stats_fd_;
    TypedMap<__u32, __u32> ports_;
    PerCpuMap<__u32, __u64> stats_;
};

} // namespace xgw
