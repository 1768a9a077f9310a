#include "Commands.h"

#include <xgw/acct/Prometheus.h>
#include <xgw/nat/NatState.h>

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace xgw::cli {

namespace {

nlohmann::json dir_json(const DirStats& d) {
    nlohmann::json verdicts = nlohmann::json::object(), reasons = nlohmann::json::object();
    for (unsigned v = 0; v < XGW_VERDICT__MAX; v++)
        verdicts[std::string(verdict_name(v))] = {{"packets", d.verdict[v].packets},
                                                  {"bytes", d.verdict[v].bytes}};
    for (unsigned r = 1; r < XGW_REASON__MAX; r++)
        reasons[std::string(reason_name(r))] = d.reason[r];
    return {{"verdicts", verdicts}, {"reasons", reasons}};
}

void print_dir(const char* label, const DirStats& d) {
    std::printf("  %-8s", label);
    for (unsigned v = 0; v < XGW_VERDICT__MAX; v++)
        if (d.verdict[v].packets || v <= XGW_VERDICT_DROP)
            std::printf("  %s %llu pkts %llu bytes", std::string(verdict_name(v)).c_str(),
                        static_cast<unsigned long long>(d.verdict[v].packets),
                        static_cast<unsigned long long>(d.verdict[v].bytes));
    std::printf("\n");
    for (unsigned r = 1; r < XGW_REASON__MAX; r++)
        if (d.reason[r])
            std::printf("           malformed %-24s %llu\n", std::string(reason_name(r)).c_str(),
                        static_cast<unsigned long long>(d.reason[r]));
}

nlohmann::json fwd_json(const std::array<std::uint64_t, XGW_FWD__MAX>& fwd) {
    nlohmann::json j = nlohmann::json::object();
    for (unsigned r = 0; r < XGW_FWD__MAX; r++)
        j[std::string(fwd_result_name(r))] = fwd[r];
    return j;
}

void print_fwd(const std::array<std::uint64_t, XGW_FWD__MAX>& fwd) {
    bool any = false;
    for (unsigned r = 0; r < XGW_FWD__MAX; r++)
        if (fwd[r]) {
            std::printf("%s %s %llu",
                        any ? "," : "forwarding offload:", std::string(fwd_result_name(r)).c_str(),
                        static_cast<unsigned long long>(fwd[r]));
            any = true;
        }
    if (any)
        std::printf("\n");
}

// NAT's drops by reason (packets that had to be translated and could not be); absent NAT
// state: none.
std::vector<std::pair<std::string, std::uint64_t>> nat_drops(const PinPaths& paths) {
    static const char* const kDrops[] = {"no-address", "ports-exhausted", "fragment-dropped",
                                         "binding-conflict", "hairpin-no-neighbour"};
    std::vector<std::pair<std::string, std::uint64_t>> out;
    auto state = nat::NatState::open(paths);
    if (!state)
        return out;
    auto stats = state->stats();
    if (!stats)
        return out;
    const auto names = nat::NatState::stat_names();
    for (std::size_t i = 0; i < names.size(); i++)
        if (std::find(std::begin(kDrops), std::end(kDrops), names[i]) != std::end(kDrops))
            out.emplace_back(names[i], (*stats)[i]);
    return out;
}

nlohmann::json tables_json(const std::vector<acct::TableSample>& tables) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& t : tables) {
        j[t.table] = {{"size", t.size}, {"entries", t.entries}};
        for (const auto& [event, n] : t.events)
            j[t.table][event] = n;
    }
    return j;
}

void print_tables(const std::vector<acct::TableSample>& tables) {
    for (const auto& t : tables) {
        std::printf("%s: %u of %u", t.table == "flows" ? "flow table" : "NAT bindings", t.entries,
                    t.size);
        for (const auto& [event, n] : t.events)
            std::printf(", %s %llu", event.c_str(), static_cast<unsigned long long>(n));
        std::printf("\n");
    }
}

} // namespace

void add_stats(CLI::App& app, Context& ctx) {
    struct Args {
        std::string iface;
        bool json = false;
        bool prometheus = false;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand(
        "stats", "Show packet and byte counters by verdict, and malformed packets by reason");
    cmd->add_option("IFACE", args->iface, "Only this interface");
    cmd->add_flag("--json", args->json, "Print JSON");
    cmd->add_flag("--prometheus", args->prometheus,
                  "Print every counter (interfaces, rules, accounting) in Prometheus text format");
    auto* serve = add_stats_serve(*cmd, ctx);
    on_run(cmd, ctx, [args, serve]() -> Result<void> {
        if (serve->parsed())
            return {};
        auto dp = open_attached();
        if (!dp)
            return dp.error();
        if (args->prometheus) {
            auto metrics = acct::collect_metrics(*dp);
            if (!metrics)
                return metrics.error();
            std::cout << acct::prometheus_text(*metrics);
            return {};
        }
        auto all = dp->stats();
        if (!all)
            return all.error();
        std::vector<IfaceStats> shown;
        for (auto& s : *all)
            if (args->iface.empty() || s.name == args->iface)
                shown.push_back(s);
        if (!args->iface.empty() && shown.empty())
            return make_error(Errc::NotFound, "no counters for " + args->iface +
                                                  " (is it attached? see 'xgw status')");
        auto fwd = dp->forward_stats();
        if (!fwd)
            return fwd.error();
        const auto drops = nat_drops(dp->paths());
        auto tables = acct::collect_tables(*dp);
        if (!tables)
            return tables.error();
        auto notes = dp->policy_notes();
        if (!notes)
            return notes.error();
        if (args->json) {
            nlohmann::json j{{"interfaces", nlohmann::json::array()},
                             {"forwarding", fwd_json(*fwd)},
                             {"policy_notes", {{"taken", notes->taken}, {"stale", notes->stale}}},
                             {"tables", tables_json(*tables)},
                             {"nat_drops", nlohmann::json::object()}};
            for (const auto& [name, n] : drops)
                j["nat_drops"][name] = n;
            for (const auto& s : shown)
                j["interfaces"].push_back({{"name", s.name},
                                           {"ifindex", s.ifindex},
                                           {"ingress", dir_json(s.ingress)},
                                           {"egress", dir_json(s.egress)}});
            print_json(j);
            return {};
        }
        if (shown.empty())
            std::cout << "no counters: xgw is not attached in this network namespace\n";
        for (const auto& s : shown) {
            std::printf("%s (ifindex %u)\n", s.name.c_str(), s.ifindex);
            print_dir("ingress", s.ingress);
            print_dir("egress", s.egress);
        }
        print_fwd(*fwd);
        if (notes->taken || notes->stale)
            std::printf("policy notes (XDP metadata refused): taken %llu, stale %llu\n",
                        static_cast<unsigned long long>(notes->taken),
                        static_cast<unsigned long long>(notes->stale));
        print_tables(*tables);
        std::string nat_line;
        for (const auto& [name, n] : drops)
            if (n)
                nat_line += (nat_line.empty() ? "nat drops: " : ", ") + name + " " + std::to_string(n);
        if (!nat_line.empty())
            std::cout << nat_line << "\n";
        return {};
    });
}

} // namespace xgw::cli
