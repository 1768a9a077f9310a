#include "Commands.h"

#include <xgw/Datapath.h>
#include <xgw/Process.h>
#include <xgw/aoe/AoeSteering.h>
#include <xgw/aoe/SteeringAction.h>

#include <signal.h>

#include <cstdio>
#include <map>

namespace xgw::cli {
namespace {

nlohmann::json counters_json(const aoe::TargetCounters* c) {
    nlohmann::json j = nlohmann::json::object();
    for (unsigned i = 0; i < XGW_AOE_C__MAX; i++)
        j[std::string(aoe::counter_name(i))] = c ? c->c[i] : 0;
    return j;
}

nlohmann::json export_json(const aoe::ExportRecord* e) {
    if (!e)
        return nullptr;
    const auto& r = e->rec;
    return {{"pid", r.pid},
            {"running", process_alive(static_cast<pid_t>(r.pid))},
            {"transport", r.transport == XGW_AOE_TRANSPORT_XSK ? "af_xdp" : "af_packet"},
            {"file", std::string(r.path)},
            {"sectors", r.sectors},
            {"offset", r.offset},
            {"buffer_count", r.buffer_count},
            {"readonly", (r.flags & XGW_AOE_EXPORT_READONLY) != 0},
            {"requests", r.requests},
            {"responses", r.responses},
            {"errors", r.errors},
            {"sectors_read", r.sectors_read},
            {"sectors_written", r.sectors_written}};
}

} // namespace

Result<nlohmann::json> aoe_show_json() {
    auto paths = PinPaths::for_current_netns();
    if (!paths)
        return paths.error();
    nlohmann::json out{{"targets", nlohmann::json::array()}};
    auto st = aoe::AoeSteering::open(*paths);
    if (!st)
        return out; // no pinned state: nothing is steered or registered here
    auto entries = st->entries();
    if (!entries)
        return entries.error();
    auto counters = st->counters();
    auto exports = st->exports();
    std::map<std::pair<std::uint32_t, aoe::Address>, nlohmann::json> rows;
    for (const auto& e : *entries) {
        nlohmann::json macs = nlohmann::json::array();
        for (const auto& m : e.macs)
            macs.push_back(m.str());
        rows[{e.ifindex, e.address}] = {{"action", aoe::action_name(e.action)},
                                       {"arg", e.arg},
                                       {"queue", e.queue},
                                       {"to", aoe::describe_steering(e)},
                                       {"allow", macs}};
    }
    for (const auto& x : exports)
        rows[{x.ifindex, x.address}]["export"] = export_json(&x);
    // The XDP mode of each interface xgw is attached to: what steering runs in.
    std::map<std::uint32_t, std::string> modes;
    if (auto dp = Datapath::open(*paths))
        if (auto ifaces = dp->status())
            for (const auto& i : *ifaces)
                modes[i.ifindex] = std::string(to_string(i.mode));
    for (auto& [key, row] : rows) {
        const aoe::TargetCounters* c = nullptr;
        for (const auto& t : counters)
            if (t.ifindex == key.first && t.address == key.second)
                c = &t;
        row["address"] = key.second.str();
        row["interface"] = aoe::interface_name(key.first);
        row["xdp_mode"] = modes.contains(key.first) ? modes[key.first] : "none";
        row["counters"] = counters_json(c);
        if (!row.contains("export"))
            row["export"] = nullptr;
        out["targets"].push_back(row);
    }
    return out;
}

void add_aoe_show(CLI::App& aoe, Context& ctx) {
    auto json = std::make_shared<bool>(false);
    auto* cmd = aoe.add_subcommand("show", "List steered and exported AoE targets with counters");
    cmd->add_flag("--json", *json, "Print JSON");
    on_run(cmd, ctx, [json]() -> Result<void> {
        auto j = aoe_show_json();
        if (!j)
            return j.error();
        if (*json) {
            print_json(*j);
            return {};
        }
        if ((*j)["targets"].empty())
            std::printf("no AoE targets in this network namespace\n");
        for (const auto& t : (*j)["targets"]) {
            std::printf("e%-8s %-8s XDP %s, to %s", t["address"].get<std::string>().c_str(),
                        t["interface"].get<std::string>().c_str(),
                        t["xdp_mode"].get<std::string>().c_str(),
                        t.value("to", std::string("-")).c_str());
            if (t.contains("allow") && !t["allow"].empty())
                std::printf("  allow %zu", t["allow"].size());
            if (!t["export"].is_null())
                std::printf("  pid %u %s %s", t["export"]["pid"].get<unsigned>(),
                            t["export"]["transport"].get<std::string>().c_str(),
                            t["export"]["file"].get<std::string>().c_str());
            std::printf("\n ");
            for (const auto& [name, v] : t["counters"].items())
                std::printf(" %s %llu", name.c_str(), v.get<unsigned long long>());
            std::printf("\n");
        }
        return {};
    });
}

} // namespace xgw::cli
