#include "fw/FirewallSectionParser.h"

#include <algorithm>

#include "fw/RuleChecker.h"

namespace xgw::fw {

void FirewallSectionParser::statement(TokenCursor& cursor) {
    auto parsed = RuleParser(cursor, services_).parse();
    if (!parsed || !assignNumber(*parsed))
        return;
    size_t before = diagnostics_.size();
    RuleChecker(diagnostics_).check(parsed->rule);
    if (diagnostics_.size() == before)
        section_.rules.push_back(std::move(parsed->rule));
}

bool FirewallSectionParser::assignNumber(ParsedRule& parsed) {
    Rule& rule = parsed.rule;
    if (!parsed.numbered) {
        if (last_ + kRuleNumberStep > kMaxRuleNumber) {
            diagnostics_.push_back(
                {rule.loc,
                 "no rule number left after " + std::to_string(last_) +
                     " (unnumbered rules take the previous number + 100); number this rule",
                 {}});
            return false;
        }
        rule.number = static_cast<uint16_t>(last_ + kRuleNumberStep);
    }
    last_ = std::max(last_, rule.number);
    return true;
}

void FirewallSectionParser::finish() {
    std::stable_sort(section_.rules.begin(), section_.rules.end(),
                     [](const Rule& a, const Rule& b) { return a.number < b.number; });
}

} // namespace xgw::fw
