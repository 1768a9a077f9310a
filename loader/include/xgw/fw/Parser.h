// Entry point of the rule language: text in, a whole Ruleset or every error found out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include <xgw/Result.h>
#include <xgw/fw/Ast.h>
#include <xgw/fw/Diagnostic.h>
#include <xgw/fw/ServiceDb.h>

namespace xgw::fw {

struct ParseOptions {
    std::string file = "<input>"; // the name errors carry
    // Resolves service and protocol names; nullptr: numbers and built-in names only.
    const ServiceDb* services = nullptr;
    // Unnumbered rules continue from here, so `xgw fw add` numbers like ipfw does.
    uint16_t last_rule_number = 0;
    // The section of the lines before the first header ("nat" for `xgw nat` commands).
    std::string first_section = "firewall";
};

struct ParseResult {
    std::optional<Ruleset> ruleset;      // only when diagnostics is empty: all or nothing
    std::vector<Diagnostic> diagnostics; // sorted by position

    bool ok() const { return ruleset.has_value(); }
    // Every diagnostic, one per line, as an Errc::Usage error for Result-based callers.
    Error error() const;
};

ParseResult parseRuleset(std::string_view text, const ParseOptions& options = {});

} // namespace xgw::fw
