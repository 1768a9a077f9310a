// The configuration's `expect` assertions: "allow|deny|reject PACKET", PACKET in the words of
// `xgw fw check` (direction and interface may come last, as in a rule).
#pragma once

#include <xgw/Result.h>
#include <xgw/config/BoxConfig.h>

#include <string>
#include <vector>

namespace xgw::config {

struct ParsedExpectation {
    std::string verdict;            // allow, deny, reject
    std::vector<std::string> words; // the packet, for PacketChecker::check
};

// Syntax only: the verdict word and a packet the rule grammar reads. Errors name e.where.
Result<ParsedExpectation> parse_expectation(const Expectation& e);

// Loads rules into a throwaway xgw state of this namespace (its own pins, no interface
// attached, setfib's ip rules kept in memory), runs every expectation through the real
// programs there (the check-only copy that `fw check` uses), and removes the state. The
// first that fails is an error naming its file:line:column; returns how many held.
Result<std::size_t> check_expectations(const FirewallConfig& fw);

} // namespace xgw::config
