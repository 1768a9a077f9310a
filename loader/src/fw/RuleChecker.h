// Judges what a syntactically correct rule means: combinations that can never match, options
// the protocol does not have, skipto backwards, features not available yet.
#pragma once

#include <string>
#include <vector>
#include <xgw/fw/Ast.h>
#include <xgw/fw/Diagnostic.h>

namespace xgw::fw {

class RuleChecker {
  public:
    explicit RuleChecker(std::vector<Diagnostic>& diagnostics) : diagnostics_(diagnostics) {}

    // Reports every problem of the rule, not only the first.
    void check(const Rule& rule);

  private:
    void checkFamilies(const Rule& rule);
    void checkProtocolOptions(const Rule& rule);
    void checkFragments(const Rule& rule);
    void checkAction(const Rule& rule);
    void checkInterfaces(const Rule& rule);
    void checkNextHop(const Rule& rule);
    void checkIpsec(const Rule& rule);
    void report(const SourceLocation& at, std::string message);

    std::vector<Diagnostic>& diagnostics_;
};

} // namespace xgw::fw
