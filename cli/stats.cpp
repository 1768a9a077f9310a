#include "Commands.h"

#include <xgw/acct/Prometheus.h>

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
        if (args->json) {
            nlohmann::json j{{"interfaces", nlohmann::json::array()},
                             {"forwarding", fwd_json(*fwd)}};
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
        return {};
    });
}

} // namespace xgw::cli
