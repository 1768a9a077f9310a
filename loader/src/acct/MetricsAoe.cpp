// The AoE steering counters of a namespace, for a scrape.
#include <xgw/acct/Metrics.h>
#include <xgw/aoe/AoeSteering.h>
#include <xgw/aoe/SteeringAction.h>

namespace xgw::acct {

std::vector<AoeSample> collect_aoe(const PinPaths& paths) {
    std::vector<AoeSample> out;
    auto st = aoe::AoeSteering::open(paths);
    if (!st)
        return out; // the state predates AoE steering, or has none
    auto entries = st->entries();
    for (const auto& t : st->counters()) {
        AoeSample s{aoe::interface_name(t.ifindex), t.address.str(), "", {}};
        if (entries)
            for (const auto& e : *entries)
                if (e.ifindex == t.ifindex && e.address == t.address)
                    s.action = aoe::steering_verb(e.action);
        for (unsigned i = 0; i < XGW_AOE_C__MAX; i++)
            s.counters.emplace_back(aoe::counter_name(i), t.c[i]);
        out.push_back(std::move(s));
    }
    return out;
}

} // namespace xgw::acct
