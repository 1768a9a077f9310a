// `xgw dns stats`: the counters of a running forwarder, read through its control socket.
#include "Commands.h"

#include <xgw/dns/DnsStats.h>
#include <xgw/dns/Forwarder.h>

#include <iomanip>
#include <iostream>

namespace xgw::cli {
namespace {

struct StatsArgs {
    std::string control = "/run/xgw/dns/serve.sock";
    bool json = false;
    bool prometheus = false;
};

void print_text(const dns::DnsStats& s) {
    using dns::Count;
    std::cout << "queries " << s.get(Count::QueriesUdp) + s.get(Count::QueriesTcp) << " (udp "
              << s.get(Count::QueriesUdp) << ", tcp " << s.get(Count::QueriesTcp) << ")\n";
    std::cout << "cache   hits " << s.get(Count::CacheHits) << ", misses "
              << s.get(Count::CacheMisses) << ", local " << s.get(Count::LocalAnswers)
              << ", entries " << s.cache_entries << "/" << s.cache_capacity << '\n';
    std::cout << "errors ";
    for (auto c : {Count::Refused, Count::FormErr, Count::NotImp, Count::BadVers, Count::ServFail,
                   Count::Overload, Count::Dropped, Count::Truncated})
        std::cout << ' ' << dns::count_name(c) << ' ' << s.get(c);
    std::cout << '\n';
    for (const auto& u : s.upstreams) {
        std::cout << "upstream " << std::left << std::setw(24) << u.server;
        for (unsigned i = 0; i < u.counts.size(); i++)
            std::cout << ' ' << dns::upstream_count_name(static_cast<dns::UpstreamCount>(i)) << ' '
                      << u.counts[i];
        std::cout << '\n';
    }
}

Result<void> stats(const StatsArgs& a) {
    auto text = dns::query_control_socket(a.control, a.prometheus ? "prometheus" : "json");
    if (!text)
        return text.error();
    if (a.prometheus) {
        std::cout << *text;
        return {};
    }
    if (a.json) {
        print_json(nlohmann::json::parse(*text));
        return {};
    }
    print_text(dns::DnsStats::from_json(*text));
    return {};
}

} // namespace

void add_dns_stats(CLI::App& dns, Context& ctx) {
    auto a = std::make_shared<StatsArgs>();
    auto* cmd = dns.add_subcommand("stats", "Show the counters of a running `xgw dns serve`");
    cmd->add_option("--control", a->control, "The forwarder's control socket")
        ->capture_default_str();
    auto* json = cmd->add_flag("--json", a->json, "Print JSON");
    cmd->add_flag("--prometheus", a->prometheus, "Print the Prometheus text format")
        ->excludes(json);
    on_run(cmd, ctx, [a] { return stats(*a); });
}

} // namespace xgw::cli
