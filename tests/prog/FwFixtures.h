// The firewall's packet fixtures: a ruleset, one packet, and what must happen to it. Data, not
// test functions: add a row for a new case.
#pragma once

#include "FwFrame.h"

#include <xgw/PacketRunner.h>

#include <ostream>
#include <string>
#include <vector>

namespace xgw::test {

struct FwFixture {
    std::string name;
    std::string rules; // a ruleset file
    FwPacket packet;
    bool allowed;
    // Numbers of the rules whose counters grow by one packet and its IP length, in rule order;
    // 65535 is the default rule.
    std::vector<std::uint16_t> counted;
    Hook hook = Hook::XdpIngress;
    bool accept_policy = false; // `xgw fw policy accept` instead of the default deny
    std::uint32_t came_in_on = 0; // tc egress: the interface a forwarded packet came in on
};

inline void PrintTo(const FwFixture& fx, std::ostream* os) {
    *os << fx.name;
}

// Every match kind, at both sides of each CIDR and port-range boundary.
std::vector<FwFixture> fw_match_fixtures();
// Every action, the default policy, directions and interfaces.
std::vector<FwFixture> fw_action_fixtures();

} // namespace xgw::test
