#include "ForwardPorts.h"

namespace xgw {

Result<ForwardPorts> ForwardPorts::open(const PinPaths& paths) {
    auto ports_fd = open_pinned_map(paths, "xgw_fwd_ports");
    if (!ports_fd)
        return ports_fd.error();
    auto stats_fd = open_pinned_map(paths, "xgw_fwd_stats");
    if (!stats_fd)
        return stats_fd.error();
    auto ports = TypedMap<__u32, __u32>::view(ports_fd->get(), "xgw_fwd_ports");
    if (!ports)
        return ports.error();
    auto stats = PerCpuMap<__u32, __u64>::view(stats_fd->get(), "xgw_fwd_stats");
    if (!stats)
        return stats.error();
    return ForwardPorts(std::move(*ports_fd), std::move(*stats_fd), *ports, *stats);
}

Result<void> ForwardPorts::set(__u32 ifindex, bool on) const {
    return on ? ports_.update(ifindex, ifindex) : ports_.erase(ifindex);
}

std::array<std::uint64_t, XGW_FWD__MAX> ForwardPorts::outcomes() const {
    std::array<std::uint64_t, XGW_FWD__MAX> sum{};
    for (__u32 r = 0; r < XGW_FWD__MAX; r++)
        if (auto cpus = stats_.lookup(r))
            for (auto n : *cpus)
                sum[r] += n;
    return sum;
}

} // namespace xgw
