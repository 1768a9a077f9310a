#include <xgw/acct/Accounting.h>
#include <xgw/acct/Metrics.h>
#include <xgw/fw/Firewall.h>

namespace xgw::acct {
namespace {

Result<std::vector<RuleSample>> collect_rules(const PinPaths& paths) {
    std::vector<RuleSample> out;
    auto fw = fw::Firewall::open(paths);
    if (!fw)
        return out; // no firewall maps: no rules to show
    auto installed = fw->installed();
    if (!installed)
        return installed.error();
    for (const auto& rule : installed->rules) {
        auto c = fw->counters(rule.slot);
        if (!c)
            return c.error();
        out.push_back({rule.number, rule.text, {c->packets, c->bytes}});
    }
    return out;
}

} // namespace

Result<Metrics> collect_metrics(const Datapath& dp) {
    Metrics m;
    m.taken = std::chrono::steady_clock::now();
    if (!dp.has_state())
        return m;
    auto ifaces = dp.stats();
    if (!ifaces)
        return ifaces.error();
    m.interfaces = std::move(*ifaces);
    auto rules = collect_rules(dp.paths());
    if (!rules)
        return rules.error();
    m.rules = std::move(*rules);
    if (auto acc = Accounting::open(dp.paths())) {
        auto snap = acc->read();
        if (!snap)
            return snap.error();
        m.accounting = std::move(*snap);
    }
    return m;
}

} // namespace xgw::acct
