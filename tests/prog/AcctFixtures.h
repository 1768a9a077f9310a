// Accounting fixtures: a frame and every accounting counter it must move, as data.
#pragma once

#include "PacketBuilder.h"

#include <ostream>
#include <string>
#include <vector>

namespace xgw::test {

// One counter a frame moves by one packet and its IP length: "host 192.0.2.2 src",
// "port udp/53 dst", "proto ipv4/17", "icmp ipv6/128". The hook gives the direction.
struct AcctFixture {
    std::string name;
    Frame frame;
    std::vector<std::string> hits;
};

inline void PrintTo(const AcctFixture& fx, std::ostream* os) {
    *os << fx.name;
}

// Accounted in every fixture: these nets and ports, protocols and ICMP types.
extern const char* const kAcctNets[];
extern const char* const kAcctPorts[];

std::vector<AcctFixture> acct_fixtures();

// The frame with its IPv4 or IPv6 addresses replaced (no extension headers, no options).
Frame with_addrs(Frame f, const std::string& src, const std::string& dst);
// The frame with its TCP or UDP ports replaced.
Frame with_ports(Frame f, std::uint16_t sport, std::uint16_t dport);

} // namespace xgw::test
