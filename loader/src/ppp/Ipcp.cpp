#include <xgw/ppp/Ipcp.h>

#include <arpa/inet.h>

namespace xgw::ppp {
namespace {

enum IpcpOption : std::uint8_t { kAddresses = 1, kCompression = 2, kAddress = 3, kDns1 = 129, kDns2 = 131 };

int dns_index(std::uint8_t type) { return type == kDns1 ? 0 : type == kDns2 ? 1 : -1; }

} // namespace

std::optional<std::uint32_t> parse_ipv4(const std::string& text) {
    in_addr a{};
    if (inet_pton(AF_INET, text.c_str(), &a) != 1)
        return std::nullopt;
    return ntohl(a.s_addr);
}

std::string ipv4_str(std::uint32_t address) {
    in_addr a{htonl(address)};
    char buf[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &a, buf, sizeof buf);
    return buf;
}

Ipcp::Ipcp(IpcpConfig config, LayerHooks hooks, OptionFsm::Sender send, OptionFsm::Now now,
           FsmLimits limits)
    : Layer("IPCP", kProtoIpcp, std::move(hooks), std::move(send), std::move(now), limits),
      config_(config), remote_(config.remote) {}

void Ipcp::restrict_remote(std::function<bool(std::uint32_t)> allowed, std::uint32_t suggested) {
    remote_allowed_ = std::move(allowed);
    if (!config_.remote && suggested)
        remote_ = suggested;
}

void Ipcp::reset() {
    local_ = config_.local;
    want_address_ = true;
    want_dns_ = {config_.usepeerdns, config_.usepeerdns};
    dns_ = {};
    result_ = {};
}

ConfigOptions Ipcp::request() {
    ConfigOptions o;
    if (want_address_)
        o.push_back({kAddress, be32(local_)});
    if (want_dns_[0])
        o.push_back({kDns1, be32(dns_[0])});
    if (want_dns_[1])
        o.push_back({kDns2, be32(dns_[1])});
    return o;
}

Verdict Ipcp::check(const ConfigOption& o, ConfigOption& suggestion) {
    if (o.type == kAddress && o.data.size() == 4)
        return check_address(get_be32(o.data), suggestion);
    if (int i = dns_index(o.type); i >= 0 && o.data.size() == 4)
        return check_dns(i, get_be32(o.data), suggestion);
    // Van Jacobson compression and the old IP-Addresses option are not ours to do.
    return Verdict::Reject;
}

Verdict Ipcp::check_address(std::uint32_t theirs, ConfigOption& suggestion) const {
    const bool allowed = theirs != 0 && (!remote_allowed_ || remote_allowed_(theirs));
    if (allowed && (!remote_ || theirs == remote_ || config_.accept_remote))
        return Verdict::Ack;
    if (!remote_ || (remote_allowed_ && !remote_allowed_(remote_)))
        return Verdict::Reject; // nothing to offer the peer
    suggestion.data = be32(remote_);
    return Verdict::Nak;
}

Verdict Ipcp::check_dns(int index, std::uint32_t theirs, ConfigOption& suggestion) const {
    const std::uint32_t ours = config_.ms_dns[static_cast<std::size_t>(index)];
    if (!ours)
        return Verdict::Reject;
    if (theirs == ours)
        return Verdict::Ack;
    suggestion.data = be32(ours);
    return Verdict::Nak;
}

void Ipcp::naked(const ConfigOptions& suggested) {
    for (const auto& o : suggested) {
        if (o.data.size() != 4)
            continue;
        const std::uint32_t v = get_be32(o.data);
        if (o.type == kAddress && v && (!config_.local || config_.accept_local))
            local_ = v;
        else if (int i = dns_index(o.type); i >= 0)
            dns_[static_cast<std::size_t>(i)] = v;
    }
}

void Ipcp::rejected(const ConfigOptions& refused) {
    for (const auto& o : refused) {
        if (o.type == kAddress)
            want_address_ = false;
        else if (int i = dns_index(o.type); i >= 0)
            want_dns_[static_cast<std::size_t>(i)] = false;
    }
}

void Ipcp::acked(const ConfigOptions& ours) {
    result_.local = want_address_ ? 0 : config_.local;
    for (const auto& o : ours) {
        if (o.type == kAddress)
            result_.local = get_be32(o.data);
        else if (int i = dns_index(o.type); i >= 0)
            result_.dns[static_cast<std::size_t>(i)] = get_be32(o.data);
    }
}

void Ipcp::accepted(const ConfigOptions& theirs) {
    // A peer that sends no address gets the one we have for it (RFC 1332 section 3.3).
    result_.remote = remote_;
    for (const auto& o : theirs)
        if (o.type == kAddress)
            result_.remote = get_be32(o.data);
}

} // namespace xgw::ppp
