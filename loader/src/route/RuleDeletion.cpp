#include <xgw/route/RuleDeletion.h>

#include <xgw/fw/FibRules.h>

namespace xgw::route {
namespace {

// setfib's rules are rules xgw made: a rule delete may take them by any field.
static_assert(fw::kFibRuleProtocol == kXgwRuleProtocol);

constexpr std::uint32_t kAllBits = 0xffffffffu;

bool names_nothing(const PolicyRule& n) {
    return !n.priority && !n.from && !n.to && !n.fwmark && n.iif.empty() && n.oif.empty() &&
           n.table == 0;
}

// Every field that `named` gives is the rule's.
bool matches(const PolicyRule& r, const PolicyRule& n) {
    return (!n.priority || r.priority == n.priority) && (!n.from || r.from == n.from) &&
           (!n.to || r.to == n.to) &&
           (!n.fwmark ||
            (r.fwmark == n.fwmark && r.fwmask.value_or(kAllBits) == n.fwmask.value_or(kAllBits))) &&
           (n.iif.empty() || r.iif == n.iif) && (n.oif.empty() || r.oif == n.oif) &&
           (n.table == 0 || (r.action == RuleAction::Lookup && r.table == n.table));
}

// ...and `named` leaves out none of the rule's own fields (its priority may go unsaid: the
// kernel picks it when a rule is added without one).
bool spelled_whole(const PolicyRule& r, const PolicyRule& n) {
    return matches(r, n) && r.action == RuleAction::Lookup && r.from == n.from && r.to == n.to &&
           r.fwmark == n.fwmark && r.iif == n.iif && r.oif == n.oif && r.table == n.table;
}

} // namespace

bool is_system_rule(const PolicyRule& rule) {
    const std::uint32_t p = rule.priority.value_or(0);
    return p == 0 || p == 32766 || p == 32767;
}

Result<std::size_t> rule_to_delete(const std::vector<PolicyRule>& rules, const PolicyRule& named,
                                   bool force) {
    const std::string what = "rule delete " + describe_rule(named);
    if (names_nothing(named))
        return make_error(
            Errc::Usage, "rule delete: name the rule (priority, from, to, fwmark, iif, oif or "
                         "table); a delete that names nothing would remove the local table's rule");
    const PolicyRule* foreign = nullptr;
    for (std::size_t i = 0; i < rules.size(); ++i) {
        const PolicyRule& r = rules[i];
        if (!matches(r, named))
            continue;
        const bool ours = r.protocol == kXgwRuleProtocol;
        if (!ours && !spelled_whole(r, named)) {
            foreign = foreign ? foreign : &r;
            continue;
        }
        if (is_system_rule(r) && !force)
            return make_error(Errc::Permission,
                              what + ": '" + describe_rule(r) +
                                  "' is one of the kernel's own rules (local, main, default); "
                                  "--force deletes it");
        return i;
    }
    if (foreign)
        return make_error(Errc::Usage,
                          what + ": '" + describe_rule(*foreign) +
                              "' matches but xgw did not make it; to delete it, name it whole: " +
                              describe_rule(*foreign));
    return make_error(Errc::NotFound, what + ": no such rule");
}

} // namespace xgw::route
