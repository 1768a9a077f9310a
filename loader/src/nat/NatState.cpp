#include <xgw/nat/NatState.h>

#include <xgw/BootClock.h>
#include <xgw/bpf/TypedMap.h>

#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <netinet/in.h>

#include <algorithm>
#include <charconv>
#include <functional>

namespace xgw::nat {
namespace {

constexpr std::uint32_t kDefaults[] = {
#define XGW_NAT_TIMEOUT_DEFAULT(id, name, secs) secs,
    XGW_NAT_TIMEOUTS(XGW_NAT_TIMEOUT_DEFAULT)
#undef XGW_NAT_TIMEOUT_DEFAULT
};
constexpr const char* kTimeoutNames[] = {
#define XGW_NAT_TIMEOUT_NAME(id, name, secs) name,
    XGW_NAT_TIMEOUTS(XGW_NAT_TIMEOUT_NAME)
#undef XGW_NAT_TIMEOUT_NAME
};
constexpr const char* kStatNames[] = {
#define XGW_NAT_STAT_NAME(id, name) name,
    XGW_NAT_STATS(XGW_NAT_STAT_NAME)
#undef XGW_NAT_STAT_NAME
};

std::optional<std::uint32_t> number(std::string_view s) {
    std::uint32_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size())
        return std::nullopt;
    return v;
}

} // namespace

Result<NatState> NatState::open(const PinPaths& paths) {
    auto bindings = open_pinned_map(paths, "xgw_nat_bindings");
    if (!bindings)
        return bindings.error();
    auto config = open_pinned_map(paths, "xgw_nat_config");
    if (!config)
        return config.error();
    auto stats = open_pinned_map(paths, "xgw_nat_stats");
    if (!stats)
        return stats.error();
    return NatState(std::move(*bindings), std::move(*config), std::move(*stats));
}

Result<std::vector<Flow>> NatState::flows() const {
    std::vector<Flow> out;
    const std::uint64_t now = boot_ns();
    for (const auto& key : map_keys<xgw_nat_key>(bindings_.get())) {
        Flow f{};
        if (bpf_map_lookup_elem(bindings_.get(), &key, &f.binding) != 0)
            continue; // gone since the walk
        if (!(f.binding.flags & XGW_NAT_B_ORIG) || f.binding.expires_ns < now)
            continue;
        f.key = key;
        f.reply_key = f.binding.peer;
        xgw_nat_binding reply{};
        if (bpf_map_lookup_elem(bindings_.get(), &f.reply_key, &reply) == 0) {
            f.reply_packets = reply.packets;
            f.reply_bytes = reply.bytes;
        }
        f.expires_in_ms = (std::int64_t(f.binding.expires_ns) - std::int64_t(now)) / 1000000;
        out.push_back(f);
    }
    return out;
}

namespace {

// Removes the originating entries that match, and their peers; returns how many flows.
Result<std::size_t> remove_bindings(int fd,
                                    const std::function<bool(const xgw_nat_binding&)>& match) {
    std::size_t n = 0;
    for (const auto& key : map_keys<xgw_nat_key>(fd)) {
        // Read again just before the delete: a packet may have renewed the binding since the walk.
        xgw_nat_binding b{};
        if (bpf_map_lookup_elem(fd, &key, &b) != 0 || !(b.flags & XGW_NAT_B_ORIG) || !match(b))
            continue;
        if (bpf_map_delete_elem(fd, &key) != 0) {
            if (errno == ENOENT)
                continue;
            return Error::from_errno(errno, "remove a NAT binding");
        }
        bpf_map_delete_elem(fd, &b.peer);
        n++;
    }
    return n;
}

} // namespace

Result<std::size_t> NatState::remove_expired() const {
    return remove_bindings(bindings_.get(),
                           [now = boot_ns()](const xgw_nat_binding& b) { return b.expires_ns < now; });
}

Result<std::size_t>
NatState::remove_translated_to(const std::vector<std::uint32_t>& addresses) const {
    return remove_bindings(bindings_.get(), [&](const xgw_nat_binding& b) {
        return (b.flags & XGW_NAT_B_SRC) &&
               std::find(addresses.begin(), addresses.end(), b.saddr) != addresses.end();
    });
}

Result<std::size_t> NatState::flush() const {
    std::size_t n = 0;
    for (const auto& key : map_keys<xgw_nat_key>(bindings_.get()))
        if (bpf_map_delete_elem(bindings_.get(), &key) == 0)
            n++;
        else if (errno != ENOENT)
            return Error::from_errno(errno, "remove a NAT binding");
    return n / 2;
}

Result<std::array<std::uint64_t, XGW_NAT_STAT__MAX>> NatState::stats() const {
    return sum_counters<XGW_NAT_STAT__MAX>(stats_.get(), "xgw_nat_stats");
}

Result<xgw_nat_config> NatState::config() const {
    std::uint32_t zero = 0;
    xgw_nat_config cfg{};
    if (bpf_map_lookup_elem(config_.get(), &zero, &cfg) != 0)
        return Error::from_errno(errno, "read xgw_nat_config");
    return cfg;
}

Result<Settings> NatState::settings() const {
    auto cfg = config();
    if (!cfg)
        return cfg.error();
    Settings s;
    for (unsigned i = 0; i < XGW_NAT_T__MAX; i++)
        s.timeouts[i] = cfg->timeout[i] ? cfg->timeout[i] : kDefaults[i];
    if (cfg->port_lo) {
        s.port_lo = cfg->port_lo;
        s.port_hi = cfg->port_hi;
    }
    return s;
}

Result<void> NatState::set_active(bool active) const {
    auto cfg = config();
    if (!cfg)
        return cfg.error();
    cfg->active = active;
    return write_config(*cfg);
}

Result<void> NatState::write_config(const xgw_nat_config& cfg) const {
    std::uint32_t zero = 0;
    if (bpf_map_update_elem(config_.get(), &zero, &cfg, BPF_ANY) != 0)
        return Error::from_errno(errno, "write xgw_nat_config");
    return {};
}

Result<void> NatState::set(const std::string& name, const std::string& value) const {
    auto cfg = config();
    if (!cfg)
        return cfg.error();
    if (name == "ports") {
        auto dash = value.find('-');
        auto lo = number(std::string_view(value).substr(0, dash));
        auto hi = dash == std::string::npos ? std::nullopt : number(std::string_view(value).substr(dash + 1));
        if (!lo || !hi || *lo < 1 || *hi > 65535 || *lo > *hi)
            return make_error(Errc::Usage, "ports: '" + value + "' is not a range LO-HI within 1-65535");
        cfg->port_lo = static_cast<std::uint16_t>(*lo);
        cfg->port_hi = static_cast<std::uint16_t>(*hi);
    } else {
        unsigned which = 0;
        while (which < XGW_NAT_T__MAX && name != kTimeoutNames[which])
            which++;
        if (which == XGW_NAT_T__MAX) {
            std::string known = "ports";
            for (const char* n : kTimeoutNames)
                known += std::string(", ") + n;
            return make_error(Errc::Usage, "no NAT setting '" + name + "' (settings: " + known + ")");
        }
        auto secs = number(value);
        if (!secs || *secs == 0)
            return make_error(Errc::Usage, name + ": '" + value + "' is not a number of seconds (1 or more)");
        cfg->timeout[which] = *secs;
    }
    return write_config(*cfg);
}

std::vector<std::string> NatState::stat_names() { return {std::begin(kStatNames), std::end(kStatNames)}; }
std::vector<std::string> NatState::timeout_names() {
    return {std::begin(kTimeoutNames), std::end(kTimeoutNames)};
}

std::string proto_name(std::uint8_t proto) {
    switch (proto) {
    case IPPROTO_TCP: return "tcp";
    case IPPROTO_UDP: return "udp";
    case IPPROTO_ICMP: return "icmp";
    }
    return std::to_string(proto);
}

std::string nat_endpoint(std::uint32_t addr, std::uint16_t port, std::uint8_t proto) {
    char buf[INET_ADDRSTRLEN] = {};
    inet_ntop(AF_INET, &addr, buf, sizeof buf);
    if (proto == IPPROTO_TCP || proto == IPPROTO_UDP)
        return std::string(buf) + ":" + std::to_string(ntohs(port));
    if (proto == IPPROTO_ICMP)
        return std::string(buf) + " id " + std::to_string(ntohs(port));
    return buf;
}

} // namespace xgw::nat
