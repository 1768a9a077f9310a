#include <xgw/fw/FlowTable.h>

#include <xgw/BootClock.h>
#include <xgw/StateLock.h>
#include <xgw/bpf/TypedMap.h>
#include <xgw/fw/FlowLifetimes.h>

#include <arpa/inet.h>
#include <bpf/bpf.h>

namespace xgw::fw {

namespace {

std::string endpoint(const __u32* addr, __u16 port, bool v6, std::uint8_t proto) {
    char buf[INET6_ADDRSTRLEN];
    inet_ntop(v6 ? AF_INET6 : AF_INET, addr, buf, sizeof buf);
    std::string a = v6 ? "[" + std::string(buf) + "]" : buf;
    if (proto == 1 || proto == 58)
        return a;
    return a + ":" + std::to_string(ntohs(port));
}

} // namespace

Result<FlowTable> FlowTable::open(const PinPaths& paths) {
    auto flows = open_pinned_map(paths, "xgw_flows");
    auto config = open_pinned_map(paths, "xgw_ct_config");
    auto stats = open_pinned_map(paths, "xgw_ct_stats");
    if (!flows)
        return flows.error();
    if (!config)
        return config.error();
    if (!stats)
        return stats.error();
    return FlowTable(paths, std::move(*flows), std::move(*config), std::move(*stats));
}

std::size_t FlowTable::capacity() const {
    auto n = map_max_entries(flows_.get());
    return n ? *n : 0;
}

Result<std::size_t> FlowTable::remove_expired() const {
    std::size_t n = 0;
    for (const auto& key : map_keys<xgw_flow_key>(flows_.get())) {
        // Read again just before the delete: a packet may have renewed the flow since the walk.
        xgw_flow flow{};
        if (bpf_map_lookup_elem(flows_.get(), &key, &flow) != 0 || flow.expires_ns >= boot_ns())
            continue;
        if (bpf_map_delete_elem(flows_.get(), &key) == 0)
            n++;
        else if (errno != ENOENT)
            return Error::from_errno(errno, "remove an expired flow");
    }
    return n;
}

Result<std::vector<FlowEntry>> FlowTable::list() const {
    std::vector<FlowEntry> out;
    const std::uint64_t now = boot_ns();
    for (const auto& key : map_keys<xgw_flow_key>(flows_.get())) {
        xgw_flow flow{};
        if (bpf_map_lookup_elem(flows_.get(), &key, &flow) != 0)
            continue; // gone since the walk
        out.push_back({key, flow, (std::int64_t(flow.expires_ns) - std::int64_t(now)) / 1000000});
    }
    return out;
}

Result<std::array<std::uint32_t, XGW_CT__MAX>> FlowTable::lifetimes() const {
    std::uint32_t zero = 0;
    xgw_ct_config cfg{};
    if (bpf_map_lookup_elem(config_.get(), &zero, &cfg) != 0)
        return Error::from_errno(errno, "read xgw_ct_config");
    std::array<std::uint32_t, XGW_CT__MAX> out{};
    for (unsigned i = 0; i < XGW_CT__MAX; i++)
        out[i] = cfg.lifetime[i] ? cfg.lifetime[i] : kLifetimeDefaults[i];
    return out;
}

Result<void> FlowTable::set_lifetime(const std::string& name, std::uint32_t seconds) {
    auto which = lifetime_index(name);
    if (!which)
        return make_error(Errc::Usage, "no setting '" + name + "'; settings: " + lifetime_list());
    if (seconds == 0)
        return make_error(Errc::Usage, name + " must be at least 1 second");
    return StateLock::with(paths_, [&]() -> Result<void> {
        std::uint32_t zero = 0;
        xgw_ct_config cfg{};
        if (bpf_map_lookup_elem(config_.get(), &zero, &cfg) != 0)
            return Error::from_errno(errno, "read xgw_ct_config");
        cfg.lifetime[*which] = seconds;
        if (bpf_map_update_elem(config_.get(), &zero, &cfg, BPF_ANY) != 0)
            return Error::from_errno(errno, "write xgw_ct_config");
        return {};
    });
}

Result<std::array<std::uint64_t, XGW_CT_STAT__MAX>> FlowTable::stats() const {
    return sum_counters<XGW_CT_STAT__MAX>(stats_.get(), "xgw_ct_stats");
}

std::vector<std::string> FlowTable::lifetime_names() {
    return {kLifetimeNames.begin(), kLifetimeNames.end()};
}

std::string flow_endpoints(const xgw_flow_key& key, const xgw_flow& flow) {
    std::string lo = endpoint(key.lo_addr, key.lo_port, key.v6, key.proto);
    std::string hi = endpoint(key.hi_addr, key.hi_port, key.v6, key.proto);
    return flow.init_is_lo ? lo + " <-> " + hi : hi + " <-> " + lo;
}

std::string flow_state(const xgw_flow_key& key, const xgw_flow& flow) {
    if (key.proto != 6)
        return "-";
    if (flow.seen & XGW_FLOW_RST)
        return "reset";
    if ((flow.seen & (XGW_FLOW_FIN_FWD | XGW_FLOW_FIN_REV)) ==
        (XGW_FLOW_FIN_FWD | XGW_FLOW_FIN_REV))
        return "closed";
    if (flow.seen & (XGW_FLOW_FIN_FWD | XGW_FLOW_FIN_REV))
        return "closing";
    if ((flow.seen & (XGW_FLOW_SYN_FWD | XGW_FLOW_SYN_REV)) ==
        (XGW_FLOW_SYN_FWD | XGW_FLOW_SYN_REV))
        return "established";
    return "syn-sent";
}

} // namespace xgw::fw
