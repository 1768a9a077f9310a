#include <xgw/dns/Endpoint.h>

#include <arpa/inet.h>
#include <charconv>
#include <cstring>
#include <optional>

namespace xgw::dns {

std::string Endpoint::str() const {
    char buf[INET6_ADDRSTRLEN] = "?";
    if (family() == AF_INET) {
        auto* s = reinterpret_cast<const sockaddr_in*>(&addr);
        ::inet_ntop(AF_INET, &s->sin_addr, buf, sizeof buf);
        return std::string(buf) + ":" + std::to_string(ntohs(s->sin_port));
    }
    auto* s = reinterpret_cast<const sockaddr_in6*>(&addr);
    ::inet_ntop(AF_INET6, &s->sin6_addr, buf, sizeof buf);
    return "[" + std::string(buf) + "]:" + std::to_string(ntohs(s->sin6_port));
}

bool Endpoint::operator==(const Endpoint& o) const {
    if (family() != o.family())
        return false;
    if (family() == AF_INET) {
        auto *a = reinterpret_cast<const sockaddr_in*>(&addr),
             *b = reinterpret_cast<const sockaddr_in*>(&o.addr);
        return a->sin_port == b->sin_port && a->sin_addr.s_addr == b->sin_addr.s_addr;
    }
    auto *a = reinterpret_cast<const sockaddr_in6*>(&addr),
         *b = reinterpret_cast<const sockaddr_in6*>(&o.addr);
    return a->sin6_port == b->sin6_port &&
           std::memcmp(&a->sin6_addr, &b->sin6_addr, sizeof a->sin6_addr) == 0;
}

Endpoint Endpoint::of(const sockaddr* sa, socklen_t len) {
    Endpoint e;
    e.len = std::min<socklen_t>(len, sizeof e.addr);
    std::memcpy(&e.addr, sa, e.len);
    return e;
}

Result<Endpoint> parse_endpoint(std::string_view text, std::uint16_t default_port) {
    std::string host(text);
    std::optional<std::string_view> port;
    auto bad = [&](const std::string& why) {
        return make_error(Errc::Usage, "'" + std::string(text) + "': " + why);
    };
    if (auto hash = host.find('#'); hash != std::string::npos) {
        port = text.substr(hash + 1);
        host.resize(hash);
    } else if (!host.empty() && host[0] == '[') {
        auto close = host.find(']');
        if (close == std::string::npos)
            return bad("no ']' after the IPv6 address");
        if (close + 1 < host.size()) {
            if (host[close + 1] != ':')
                return bad("expected ':PORT' after ']'");
            port = text.substr(close + 2);
        }
        host = host.substr(1, close - 1);
    } else if (auto colon = host.find(':');
               colon != std::string::npos && colon == host.rfind(':')) {
        port = text.substr(colon + 1);
        host.resize(colon);
    }
    unsigned p = default_port;
    if (port) {
        auto [end, ec] = std::from_chars(port->data(), port->data() + port->size(), p);
        if (port->empty() || ec != std::errc() || end != port->data() + port->size() || p == 0 ||
            p > 65535)
            return bad("port must be 1-65535");
    }
    Endpoint e;
    auto* v4 = reinterpret_cast<sockaddr_in*>(&e.addr);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&e.addr);
    if (::inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(static_cast<std::uint16_t>(p));
        e.len = sizeof *v4;
    } else if (::inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(static_cast<std::uint16_t>(p));
        e.len = sizeof *v6;
    } else {
        return bad("not an IPv4 or IPv6 address");
    }
    return e;
}

bool is_wildcard(const Endpoint& e) {
    if (e.family() == AF_INET)
        return reinterpret_cast<const sockaddr_in*>(&e.addr)->sin_addr.s_addr == INADDR_ANY;
    auto& a = reinterpret_cast<const sockaddr_in6*>(&e.addr)->sin6_addr;
    return IN6_IS_ADDR_UNSPECIFIED(&a);
}

} // namespace xgw::dns
