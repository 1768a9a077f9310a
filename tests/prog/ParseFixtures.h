// The parser's packet fixtures: data, not test functions. Add a row for a new case.
#pragma once

#include "PacketBuilder.h"

#include <xgw/abi/stats.h>

#include <ostream>
#include <string>
#include <vector>

namespace xgw::test {

struct ParseFixture {
    std::string name;
    Frame frame;
    xgw_reason reason; // XGW_REASON_NONE: well-formed, passes; else dropped under the default policy
};

// gtest shows a fixture by its name, not its bytes.
inline void PrintTo(const ParseFixture& fx, std::ostream* os) { *os << fx.name; }

// Well-formed frames of every kind the parser knows.
std::vector<ParseFixture> well_formed_fixtures();
// Malformed in ways other than truncation: bad versions, lengths, offsets, too many headers.
std::vector<ParseFixture> malformed_fixtures();
// Every well-formed frame cut inside each of its headers, on the wire and as a short datagram.
std::vector<ParseFixture> truncation_fixtures();

} // namespace xgw::test
