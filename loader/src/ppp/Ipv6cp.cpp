#include <xgw/ppp/Ipv6cp.h>

#include <arpa/inet.h>

#include <random>

namespace xgw::ppp {
namespace {

constexpr std::uint8_t kInterfaceId = 1;

std::vector<std::uint8_t> be64(std::uint64_t v) {
    std::vector<std::uint8_t> b(8);
    for (int i = 0; i < 8; ++i)
        b[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v >> (56 - 8 * i));
    return b;
}

std::uint64_t get_be64(std::span<const std::uint8_t> b) {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
        v = v << 8 | b[static_cast<std::size_t>(i)];
    return v;
}

// A random identifier with the universal/local bit clear: locally made (RFC 5072 section 4.1).
std::uint64_t random_id(std::uint64_t avoid) {
    static std::mt19937_64 rng{std::random_device{}()};
    std::uint64_t v;
    do
        v = rng() & ~(std::uint64_t(1) << 57);
    while (v == 0 || v == avoid);
    return v;
}

} // namespace

std::string link_local_str(std::uint64_t interface_id) {
    in6_addr a{};
    a.s6_addr[0] = 0xfe;
    a.s6_addr[1] = 0x80;
    for (int i = 0; i < 8; ++i)
        a.s6_addr[8 + i] = static_cast<std::uint8_t>(interface_id >> (56 - 8 * i));
    char buf[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, &a, buf, sizeof buf);
    return buf;
}

Ipv6cp::Ipv6cp(LayerHooks hooks, OptionFsm::Sender send, OptionFsm::Now now, FsmLimits limits)
    : Layer("IPV6CP", kProtoIpv6cp, std::move(hooks), std::move(send), std::move(now), limits) {}

void Ipv6cp::reset() {
    id_ = random_id(0);
    want_id_ = true;
    result_ = {};
}

ConfigOptions Ipv6cp::request() {
    if (!want_id_)
        return {};
    return {{kInterfaceId, be64(id_)}};
}

Verdict Ipv6cp::check(const ConfigOption& o, ConfigOption& suggestion) {
    if (o.type != kInterfaceId || o.data.size() != 8)
        return Verdict::Reject;
    const std::uint64_t theirs = get_be64(o.data);
    if (theirs != 0 && theirs != id_)
        return Verdict::Ack;
    suggestion.data = be64(random_id(id_));
    return Verdict::Nak;
}

void Ipv6cp::naked(const ConfigOptions& suggested) {
    for (const auto& o : suggested)
        if (o.type == kInterfaceId && o.data.size() == 8 && get_be64(o.data) != 0)
            id_ = get_be64(o.data);
}

void Ipv6cp::rejected(const ConfigOptions& refused) {
    for (const auto& o : refused)
        if (o.type == kInterfaceId)
            want_id_ = false;
}

void Ipv6cp::acked(const ConfigOptions& ours) {
    result_.local = id_;
    for (const auto& o : ours)
        if (o.type == kInterfaceId)
            result_.local = get_be64(o.data);
}

void Ipv6cp::accepted(const ConfigOptions& theirs) {
    for (const auto& o : theirs)
        if (o.type == kInterfaceId)
            result_.remote = get_be64(o.data);
}

} // namespace xgw::ppp
