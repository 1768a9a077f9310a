#include "PinnedMaps.h"

#include <bpf/bpf.h>

#include <filesystem>

namespace xgw {
namespace {

Result<void> check_meta(const PinPaths& paths, const TypedMap<__u32, xgw_meta>& meta) {
    auto m = meta.lookup(0);
    if (!m || m->magic == 0)
        return {}; // created but not stamped yet: the attach in progress stamps it
    if (m->magic != XGW_MAGIC || m->abi_version != XGW_ABI_VERSION)
        return make_error(Errc::Conflict,
                          "pinned state at " + paths.root().string() +
                              " is from an incompatible xgw (ABI version " +
                              std::to_string(m->abi_version) + ", this xgw speaks " +
                              std::to_string(XGW_ABI_VERSION) +
                              "); detach with the xgw that attached it, or remove that directory");
    return {};
}

} // namespace

Result<std::optional<PinnedMaps>> PinnedMaps::open(const PinPaths& paths) {
    if (!std::filesystem::exists(paths.map("xgw_meta")))
        return std::optional<PinnedMaps>{};
    std::vector<UniqueFd> fds;
    for (const char* name : {"xgw_config", "xgw_meta", "xgw_ifaces", "xgw_stats"}) {
        auto fd = open_pinned_map(paths, name);
        if (!fd)
            return fd.error();
        fds.push_back(std::move(*fd));
    }
    auto meta = TypedMap<__u32, xgw_meta>::view(fds[1].get(), "xgw_meta");
    if (!meta)
        return meta.error();
    if (auto ok = check_meta(paths, *meta); !ok)
        return ok.error();
    auto config = TypedMap<__u32, xgw_config>::view(fds[0].get(), "xgw_config");
    auto ifaces = TypedMap<__u32, xgw_iface>::view(fds[2].get(), "xgw_ifaces");
    auto stats = PerCpuMap<xgw_stats_key, xgw_if_stats>::view(fds[3].get(), "xgw_stats");
    if (!config)
        return config.error();
    if (!ifaces)
        return ifaces.error();
    if (!stats)
        return stats.error();
    return std::optional<PinnedMaps>(
        PinnedMaps(std::move(fds), *config, *meta, *ifaces, *stats));
}

Result<void> PinnedMaps::stamp_if_new() const {
    auto m = meta.lookup(0);
    if (m && m->magic != 0)
        return {};
    return meta.update(0, xgw_meta{XGW_MAGIC, XGW_ABI_VERSION});
}

} // namespace xgw
