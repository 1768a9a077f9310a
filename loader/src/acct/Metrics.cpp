#include <xgw/acct/Accounting.h>
#include <xgw/acct/Metrics.h>
#include <xgw/fw/Firewall.h>
#include <xgw/fw/FlowTable.h>
#include <xgw/nat/NatState.h>

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

Result<std::vector<TableSample>> collect_tables(const Datapath& dp) {
    if (!dp.has_state())
        return std::vector<TableSample>{};
    auto sizes = dp.tables();
    if (!sizes)
        return sizes.error();
    auto flows = fw::FlowTable::open(dp.paths());
    if (!flows)
        return flows.error();
    auto nat = nat::NatState::open(dp.paths());
    if (!nat)
        return nat.error();
    auto ct = flows->stats();
    if (!ct)
        return ct.error();
    auto ns = nat->stats();
    if (!ns)
        return ns.error();
    static constexpr const char* kCtNames[] = {
#define XGW_CT_STAT_NAME(id, name) name,
        XGW_CT_STATS(XGW_CT_STAT_NAME)
#undef XGW_CT_STAT_NAME
    };
    TableSample f{"flows", sizes->flows_max, sizes->flows, {}};
    for (unsigned i = 0; i < XGW_CT_STAT__MAX; i++)
        if (i != XGW_CT_STAT_RELATED) // not an event of the table
            f.events.emplace_back(kCtNames[i], (*ct)[i]);
    TableSample n{"nat_bindings", sizes->nat_bindings_max, sizes->nat_bindings, {}};
    const auto nat_names = nat::NatState::stat_names();
    for (unsigned i : {XGW_NAT_STAT_CREATED, XGW_NAT_STAT_EXPIRED, XGW_NAT_STAT_EXHAUSTED})
        n.events.emplace_back(nat_names[i], (*ns)[i]);
    return std::vector<TableSample>{std::move(f), std::move(n)};
}

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
    auto tables = collect_tables(dp);
    if (!tables)
        return tables.error();
    m.tables = std::move(*tables);
    auto forwarding = dp.forward_stats();
    if (!forwarding)
        return forwarding.error();
    m.forwarding = *forwarding;
    auto notes = dp.policy_notes();
    if (!notes)
        return notes.error();
    m.policy_notes = *notes;
    auto memory = pinned_map_memory(dp.paths());
    if (!memory)
        return memory.error();
    m.memory = std::move(*memory);
    m.aoe = collect_aoe(dp.paths());
    if (auto acc = Accounting::open(dp.paths())) {
        auto snap = acc->read();
        if (!snap)
            return snap.error();
        m.accounting = std::move(*snap);
    }
    return m;
}

} // namespace xgw::acct
