// Summing the data path's per-CPU counters, and the names they are shown under.
#include <xgw/Datapath.h>

#include "ForwardPorts.h"
#include "PinnedMaps.h"

#include <xgw/abi/policy.h>
#include <xgw/bpf/TypedMap.h>

#include <net/if.h>

#include <algorithm>
#include <map>

namespace xgw {

std::string_view verdict_name(unsigned verdict) {
    static constexpr std::string_view kNames[] = {
#define XGW_VERDICT_NAME(id, name) name,
        XGW_VERDICTS(XGW_VERDICT_NAME)
#undef XGW_VERDICT_NAME
    };
    return verdict < std::size(kNames) ? kNames[verdict] : "unknown";
}

std::string_view reason_name(unsigned reason) {
    static constexpr std::string_view kNames[] = {
#define XGW_REASON_NAME(id, name) name,
        XGW_REASONS(XGW_REASON_NAME)
#undef XGW_REASON_NAME
    };
    return reason < std::size(kNames) ? kNames[reason] : "unknown";
}

std::string_view fwd_result_name(unsigned result) {
    static constexpr std::string_view kNames[] = {
#define XGW_FWD_NAME(id, name) name,
        XGW_FWD_RESULTS(XGW_FWD_NAME)
#undef XGW_FWD_NAME
    };
    return result < std::size(kNames) ? kNames[result] : "unknown";
}

namespace {

void add_cpu(DirStats& sum, const xgw_if_stats& cpu) {
    for (unsigned v = 0; v < XGW_VERDICT__MAX; v++) {
        sum.verdict[v].packets += cpu.verdict[v].packets;
        sum.verdict[v].bytes += cpu.verdict[v].bytes;
    }
    for (unsigned r = 0; r < XGW_REASON__MAX; r++)
        sum.reason[r] += cpu.reason[r];
}

} // namespace

Result<std::vector<IfaceStats>> Datapath::stats() const {
    std::vector<IfaceStats> out;
    if (!maps_)
        return out;
    std::map<__u32, IfaceStats> by_ifindex;
    // Every attached interface shows, counted or not yet.
    for (__u32 ifindex : maps_->ifaces.keys())
        by_ifindex[ifindex].ifindex = ifindex;
    for (const auto& key : maps_->stats.keys()) {
        auto cpus = maps_->stats.lookup(key);
        if (!cpus || key.dir >= XGW_DIR__MAX)
            continue;
        IfaceStats& s = by_ifindex[key.ifindex];
        s.ifindex = key.ifindex;
        DirStats& dir = key.dir == XGW_DIR_INGRESS ? s.ingress : s.egress;
        for (const auto& cpu : *cpus)
            add_cpu(dir, cpu);
    }
    for (auto& [ifindex, s] : by_ifindex) {
        if (auto rec = maps_->ifaces.lookup(ifindex))
            s.name = rec->name;
        else if (char buf[IF_NAMESIZE]; if_indextoname(ifindex, buf))
            s.name = buf;
        out.push_back(std::move(s));
    }
    return out;
}

Result<std::array<std::uint64_t, XGW_FWD__MAX>> Datapath::forward_stats() const {
    if (!maps_)
        return std::array<std::uint64_t, XGW_FWD__MAX>{};
    auto ports = ForwardPorts::open(paths_);
    if (!ports)
        return ports.error();
    return ports->outcomes();
}

Result<PolicyNotes> Datapath::policy_notes() const {
    PolicyNotes sum;
    if (!maps_)
        return sum;
    auto fd = open_pinned_map(paths_, "xgw_xdp_notes");
    if (!fd)
        return fd.error();
    auto notes = PerCpuMap<__u32, xgw_xdp_note>::view(fd->get(), "xgw_xdp_notes");
    if (!notes)
        return notes.error();
    if (auto cpus = notes->lookup(0))
        for (const auto& n : *cpus) {
            sum.taken += n.taken;
            sum.stale += n.stale;
        }
    return sum;
}

} // namespace xgw
