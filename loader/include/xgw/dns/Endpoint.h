// An address and port of the forwarder: where it listens, where it forwards.
#pragma once

#include <xgw/Result.h>

#include <cstdint>
#include <netinet/in.h>
#include <string>
#include <string_view>
#include <sys/socket.h>

namespace xgw::dns {

struct Endpoint {
    sockaddr_storage addr{};
    socklen_t len = 0;

    int family() const { return addr.ss_family; }
    const sockaddr* sa() const { return reinterpret_cast<const sockaddr*>(&addr); }
    // "192.0.2.1:53", "[2001:db8::1]:53"
    std::string str() const;
    bool operator==(const Endpoint& o) const;

    static Endpoint of(const sockaddr* sa, socklen_t len);
};

// "ADDR", "ADDR:PORT", "[V6]:PORT" or dnsmasq's "ADDR#PORT"; the port defaults to 53.
Result<Endpoint> parse_endpoint(std::string_view text, std::uint16_t default_port = 53);

// True when the address is 0.0.0.0 or ::.
bool is_wildcard(const Endpoint& e);

} // namespace xgw::dns
