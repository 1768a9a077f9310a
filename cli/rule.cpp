#include "Commands.h"
#include "FamilyOption.h"

#include <xgw/route/PolicyRules.h>

#include <iostream>

namespace xgw::cli {
namespace {

using namespace xgw::route;

struct RuleArgs {
    std::string family;
    bool json = false;
    bool force = false;
    std::vector<std::string> words;
};

nlohmann::json to_json(const PolicyRule& r) {
    auto opt = [](const auto& v) { return v ? nlohmann::json(*v) : nlohmann::json(); };
    return {{"family", r.family == IpFamily::V4 ? "inet" : "inet6"},
            {"priority", opt(r.priority)},
            {"from", r.from ? r.from->str() : "all"},
            {"to", r.to ? nlohmann::json(r.to->str()) : nlohmann::json()},
            {"fwmark", opt(r.fwmark)},
            {"fwmask", opt(r.fwmask)},
            {"iif", r.iif},
            {"oif", r.oif},
            {"table", table_name(r.table)},
            {"text", format_rule(r)}};
}

Result<void> show(const RuleArgs& a) {
    auto nl = Netlink::open();
    if (!nl)
        return nl.error();
    auto rules = list_rules(*nl, family_of(a.family));
    if (!rules)
        return rules.error();
    if (a.json) {
        nlohmann::json j{{"rules", nlohmann::json::array()}};
        for (const auto& r : *rules)
            j["rules"].push_back(to_json(r));
        print_json(j);
        return {};
    }
    for (const auto& r : *rules)
        std::cout << (a.family.empty() || a.family == "all"
                          ? (r.family == IpFamily::V4 ? "inet  " : "inet6 ")
                          : "")
                  << format_rule(r) << '\n';
    return {};
}

void add_change(CLI::App* rule, Context& ctx, const char* name, const char* alias, bool add) {
    auto a = std::make_shared<RuleArgs>();
    auto* cmd = rule->add_subcommand(name, add ? "Add a policy rule" : "Delete a policy rule");
    cmd->alias(alias);
    add_family_options(cmd, a->family);
    cmd->add_option("RULE", a->words,
                    "[from P] [to P] [fwmark N[/MASK]] [iif IF] [oif IF] [priority N] [table T]");
    if (!add)
        cmd->add_flag("--force", a->force,
                      "Also delete the kernel's local, main and default rules (priority 0, "
                      "32766, 32767)");
    on_run(cmd, ctx, [a, add]() -> Result<void> {
        auto r = parse_rule_args(a->words, family_of(a->family));
        if (!r)
            return r.error();
        auto nl = Netlink::open();
        if (!nl)
            return nl.error();
        if (add)
            return add_rule(*nl, *r);
        auto gone = delete_named_rule(*nl, *r, a->force);
        if (!gone)
            return gone.error();
        std::cout << "deleted " << format_rule(*gone) << '\n';
        return {};
    });
}

} // namespace

void add_rule(CLI::App& app, Context& ctx) {
    auto* rule = app.add_subcommand("rule", "Show and change policy routing rules");
    rule->require_subcommand(1);
    auto s = std::make_shared<RuleArgs>();
    auto* show_cmd = rule->add_subcommand("show", "Show the policy rules, as ip rule does");
    add_family_options(show_cmd, s->family);
    show_cmd->add_flag("--json", s->json, "Print JSON");
    on_run(show_cmd, ctx, [s] { return show(*s); });
    add_change(rule, ctx, "add", "a", true);
    add_change(rule, ctx, "delete", "del", false);
}

} // namespace xgw::cli
