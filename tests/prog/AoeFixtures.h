// AoE steering fixtures: frames, the steering table they run against, and what must happen to
// each (XDP action, drop reason, per-target counter changes). Data, not test functions.
#pragma once

#include <xgw/abi/aoe.h>
#include <xgw/abi/stats.h>
#include <xgw/aoe/AoeSteering.h>

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace xgw::test {

struct AoeCounterChange {
    aoe::Address target;
    xgw_aoe_counter counter;
    std::uint64_t delta;
};

struct AoeFixture {
    std::string name;
    std::vector<std::uint8_t> frame;
    int action;        // XDP_*
    xgw_reason reason; // XGW_REASON_NONE or the drop reason
    std::vector<AoeCounterChange> changes; // every other per-target counter stays put
    // Malformed and claimed by no target: the malformed policy, not steering, decides.
    bool policy_decides = false;
};

inline void PrintTo(const AoeFixture& fx, std::ostream* os) { *os << fx.name; }

// The steering table every fixture runs against (targets on ifindex 1, where test runs arrive).
std::vector<aoe::SteeringEntry> aoe_fixture_table();
std::vector<AoeFixture> aoe_steering_fixtures();
std::vector<AoeFixture> aoe_malformed_fixtures();

} // namespace xgw::test
