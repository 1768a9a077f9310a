// Parses one firewall rule statement into a Rule (syntax only; RuleChecker judges meaning).
#pragma once

#include <optional>
#include <xgw/fw/Ast.h>
#include <xgw/fw/ServiceDb.h>

#include "fw/TokenCursor.h"

namespace xgw::fw {

struct ParsedRule {
    Rule rule;
    bool numbered = false; // false: the section assigns the next free number
};

class RuleParser {
  public:
    RuleParser(TokenCursor& cursor, const ServiceDb* services)
        : cursor_(cursor), services_(services) {}

    // nullopt after the first syntax error, which the cursor has recorded.
    std::optional<ParsedRule> parse();

  private:
    bool parseNumber(ParsedRule& parsed);
    bool parseLog(Rule& rule);
    bool parseAction(Action& action);
    bool parseUnreachCode(Action& action);
    bool parseMark(Action& action);
    bool parseNextHop(Action& action);
    bool parseBody(Rule& rule);
    bool parseProtocol(Protocol& protocol);

    TokenCursor& cursor_;
    const ServiceDb* services_;
};

} // namespace xgw::fw
