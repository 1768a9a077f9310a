// The [firewall] section: rules, their numbers, and their order.
#pragma once

#include <cstdint>
#include <vector>
#include <xgw/fw/Ast.h>
#include <xgw/fw/Parser.h>

#include "fw/RuleParser.h"
#include "fw/SectionParser.h"

namespace xgw::fw {

class FirewallSectionParser : public SectionParser {
  public:
    FirewallSectionParser(FirewallSection& section, const ParseOptions& options,
                          std::vector<Diagnostic>& diagnostics)
        : section_(section), services_(options.services), last_(options.last_rule_number),
          diagnostics_(diagnostics) {}

    void statement(TokenCursor& cursor) override;
    // Puts the rules in evaluation order: number, then the order they were written in.
    void finish() override;

  private:
    bool assignNumber(ParsedRule& parsed);

    FirewallSection& section_;
    const ServiceDb* services_;
    uint16_t last_; // the highest rule number so far; unnumbered rules take last_ + 100
    std::vector<Diagnostic>& diagnostics_;
};

} // namespace xgw::fw
