// Random rulesets in the rule language and random packets aimed at them, from a seed: every
// field kind, IPv4 and IPv6, negation, lists, ranges, me, in/out, via/recv/xmit.
#pragma once

#include "fw_model.h"

#include <xgw/fw/ServiceDb.h>

#include <random>
#include <string>

namespace xgw::fw::test {

struct RandomRulesOptions {
    std::size_t rules = 20;
    // count, skipto, check-state and keep-state rules at most (each a place the walk goes on
    // from, or the flow decides).
    std::size_t max_passing = 20;
};

class RandomRules {
  public:
    explicit RandomRules(std::uint32_t seed) : rng_(seed) {}

    // A ruleset text that parses, one numbered rule per line.
    std::string ruleset(const RandomRulesOptions& opt, const ServiceDb& services);
    ModelPacket packet();

  private:
    std::string rule(std::uint16_t number, bool passing_allowed);
    std::string address(bool v6, bool allow_me);
    std::string ports();
    std::string options(const std::string& proto, const std::string& action);
    std::array<std::uint8_t, 16> packet_address(bool v6);
    std::uint16_t packet_port();

    unsigned pick(unsigned n) { return std::uniform_int_distribution<unsigned>(0, n - 1)(rng_); }
    bool chance(unsigned percent) { return pick(100) < percent; }
    std::mt19937 rng_;
};

} // namespace xgw::fw::test
