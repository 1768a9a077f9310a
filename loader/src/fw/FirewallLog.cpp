#include <xgw/fw/FirewallLog.h>

#include <xgw/bpf/PinnedIdentity.h>
#include <xgw/bpf/TypedMap.h>

#include <arpa/inet.h>
#include <bpf/bpf.h>

#include <cstring>

namespace xgw::fw {

namespace {

std::string proto_word(std::uint8_t proto) {
    switch (proto) {
    case 6:
        return "TCP";
    case 17:
        return "UDP";
    case 1:
        return "ICMP";
    case 58:
        return "ICMPv6";
    }
    return "P:" + std::to_string(proto);
}

std::string endpoint(const __u32* addr, bool v6, std::uint8_t proto, __be16 port) {
    char buf[INET6_ADDRSTRLEN];
    inet_ntop(v6 ? AF_INET6 : AF_INET, addr, buf, sizeof buf);
    if (proto != 6 && proto != 17)
        return buf;
    return (v6 ? "[" + std::string(buf) + "]" : std::string(buf)) + ":" +
           std::to_string(ntohs(port));
}

} // namespace

const char* log_action_word(std::uint8_t action) {
    switch (action) {
    case XGW_FW_ALLOW:
        return "Accept";
    case XGW_FW_DENY:
        return "Deny";
    case XGW_FW_REJECT:
        return "Reject";
    case XGW_FW_UNREACH:
        return "Unreach";
    case XGW_FW_COUNT:
        return "Count";
    case XGW_FW_SKIPTO:
        return "Skipto";
    }
    return "Check-state";
}

Result<FirewallLog> FirewallLog::open(const PinPaths& paths) {
    auto ring = open_pinned_map(paths, "xgw_fw_log");
    auto logged = open_pinned_map(paths, "xgw_fw_logged");
    auto stats = open_pinned_map(paths, "xgw_fw_log_stats");
    if (!ring)
        return ring.error();
    if (!logged)
        return logged.error();
    if (!stats)
        return stats.error();
    return FirewallLog(std::move(*ring), std::move(*logged), std::move(*stats));
}

Result<RingBuffer> FirewallLog::subscribe(Sink sink) const {
    return RingBuffer::open(ring_.get(),
                            [sink = std::move(sink)](std::span<const std::uint8_t> data) {
                                xgw_fw_log_event ev{};
                                std::memcpy(&ev, data.data(), std::min(data.size(), sizeof(ev)));
                                sink(ev);
                            });
}

Result<void> FirewallLog::read(const Sink& sink, bool follow, const std::function<bool()>& stop) {
    auto rb = subscribe(sink);
    if (!rb)
        return rb.error();
    if (auto n = rb->drain(); !n)
        return n.error();
    while (follow && !stop())
        if (auto n = rb->poll(std::chrono::milliseconds(200)); !n)
            return n.error();
    return {};
}

Result<std::array<std::uint64_t, XGW_FW_LOG__MAX>> FirewallLog::stats() const {
    return sum_counters<XGW_FW_LOG__MAX>(stats_.get(), "xgw_fw_log_stats");
}

bool FirewallLog::is_current(const PinPaths& paths) const {
    return is_pinned_map(ring_.get(), paths, "xgw_fw_log");
}

Result<void> FirewallLog::reset(const std::vector<std::uint32_t>& slots) const {
    std::uint64_t zero = 0, logged = 0;
    // Only log rules' slots have an entry; the others have nothing to reset. Looked up first:
    // tries before Linux 6.13 ignore BPF_EXIST and would make an entry.
    for (std::uint32_t slot : slots) {
        xgw_fw_logged_key key{32, slot};
        if (bpf_map_lookup_elem(logged_.get(), &key, &logged) != 0)
            continue;
        if (bpf_map_update_elem(logged_.get(), &key, &zero, BPF_ANY) != 0)
            return Error::from_errno(errno, "reset log count");
    }
    return {};
}

std::vector<std::string> FirewallLog::stat_names() {
    return {
#define XGW_FW_LOG_STAT_NAME(id, name) name,
        XGW_FW_LOG_STATS(XGW_FW_LOG_STAT_NAME)
#undef XGW_FW_LOG_STAT_NAME
    };
}

std::string format_log_event(const xgw_fw_log_event& ev, const std::string& ifname) {
    std::string line = std::to_string(ev.rule_number) + " " + log_action_word(ev.action) + " " +
                       proto_word(ev.proto);
    if (ev.proto == 1 || ev.proto == 58)
        line += ":" + std::to_string(ev.icmp_type);
    line += " " + endpoint(ev.src, ev.v6, ev.proto, ev.sport) + " " +
            endpoint(ev.dst, ev.v6, ev.proto, ev.dport);
    line += ev.dir == 0 ? " in via " : " out via ";
    return line + ifname;
}

} // namespace xgw::fw
