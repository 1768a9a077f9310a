#include <xgw/dns/ClientAcl.h>

#include <algorithm>
#include <cstring>
#include <ifaddrs.h>
#include <memory>

namespace xgw::dns {
namespace {

// The address bytes of a socket address (4 or 16), or nullptr for other families.
const std::uint8_t* address_bytes(const sockaddr* sa) {
    if (sa->sa_family == AF_INET)
        return reinterpret_cast<const std::uint8_t*>(
            &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr);
    if (sa->sa_family == AF_INET6)
        return reinterpret_cast<const std::uint8_t*>(
            &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr);
    return nullptr;
}

bool contains(const fw::IpPrefix& p, const sockaddr* sa) {
    auto fam = p.family == fw::IpFamily::V4 ? AF_INET : AF_INET6;
    auto* b = address_bytes(sa);
    if (sa->sa_family != fam || !b)
        return false;
    unsigned full = p.length / 8, rest = p.length % 8;
    if (std::memcmp(p.addr.data(), b, full) != 0)
        return false;
    if (rest == 0)
        return true;
    auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
    return (p.addr[full] & mask) == (b[full] & mask);
}

unsigned mask_length(const sockaddr* mask) {
    auto* b = address_bytes(mask);
    unsigned n = 0, size = mask->sa_family == AF_INET ? 4 : 16;
    for (unsigned i = 0; b && i < size; i++)
        n += static_cast<unsigned>(__builtin_popcount(b[i]));
    return n;
}

// The networks of the interface addresses equal to one of the listen addresses; a wildcard
// listen address stands for every interface address of its family (dnsmasq's local-service).
Result<std::vector<fw::IpPrefix>> listen_networks(const std::vector<Endpoint>& listen) {
    ifaddrs* raw = nullptr;
    if (::getifaddrs(&raw) != 0)
        return Error::from_errno(errno, "getifaddrs");
    std::unique_ptr<ifaddrs, void (*)(ifaddrs*)> list(raw, ::freeifaddrs);
    std::vector<fw::IpPrefix> out;
    for (auto* i = raw; i; i = i->ifa_next) {
        if (!i->ifa_addr || !i->ifa_netmask || !address_bytes(i->ifa_addr))
            continue;
        const int family = i->ifa_addr->sa_family;
        fw::IpPrefix net{};
        net.family = family == AF_INET ? fw::IpFamily::V4 : fw::IpFamily::V6;
        net.length = net.maxLength();
        std::memcpy(net.addr.data(), address_bytes(i->ifa_addr), family == AF_INET ? 4 : 16);
        const bool served = std::any_of(listen.begin(), listen.end(), [&](const Endpoint& l) {
            return l.family() == family && (is_wildcard(l) || contains(net, l.sa()));
        });
        if (!served)
            continue;
        net.length = static_cast<std::uint8_t>(mask_length(i->ifa_netmask));
        // Clear the host bits through the parser's own rule.
        if (auto p = fw::IpPrefix::parse(net.str()); p)
            out.push_back(*p);
    }
    return out;
}

} // namespace

Result<ClientAcl> ClientAcl::make(const std::vector<std::string>& allow,
                                  const std::vector<Endpoint>& listen) {
    ClientAcl acl;
    for (const auto& a : allow) {
        auto p = fw::IpPrefix::parse(a);
        if (!p)
            return p.error().prefix("--allow '" + a + "'");
        acl.prefixes_.push_back(*p);
    }
    if (!allow.empty())
        return acl;
    acl.prefixes_.push_back(fw::IpPrefix::parse("127.0.0.0/8").value());
    acl.prefixes_.push_back(fw::IpPrefix::parse("::1").value());
    auto nets = listen_networks(listen);
    if (!nets)
        return nets.error();
    acl.prefixes_.insert(acl.prefixes_.end(), nets->begin(), nets->end());
    return acl;
}

bool ClientAcl::allows(const sockaddr* client) const {
    for (const auto& p : prefixes_)
        if (contains(p, client))
            return true;
    return false;
}

} // namespace xgw::dns
