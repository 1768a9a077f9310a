#include "acct/PrometheusFamily.h"

#include <xgw/dns/DnsStats.h>

#include <nlohmann/json.hpp>

namespace xgw::dns {
namespace {

constexpr const char* kCountNames[] = {"queries_udp",   "queries_tcp", "cache_hits", "cache_misses",
                                       "local_answers", "truncated",   "refused",    "formerr",
                                       "notimp",        "badvers",     "servfail",   "overload",
                                       "dropped"};
static_assert(std::size(kCountNames) == static_cast<unsigned>(Count::kCount));

constexpr const char* kUpstreamNames[] = {"queries",  "answers",     "timeouts",
                                          "failures", "tcp_retries", "ignored"};
static_assert(std::size(kUpstreamNames) == static_cast<unsigned>(UpstreamCount::kCount));

// What the counters mean, for Prometheus: the query counters split by how they were answered.
struct Family {
    Count count;
    const char* metric;
    const char* help;
};
constexpr Family kFamilies[] = {
    {Count::CacheHits, "xgw_dns_cache_hits_total", "Queries answered from the cache."},
    {Count::CacheMisses, "xgw_dns_cache_misses_total", "Queries sent to an upstream server."},
    {Count::LocalAnswers, "xgw_dns_local_answers_total", "Queries answered from the hosts file."},
    {Count::Truncated, "xgw_dns_truncated_total",
     "Answers too large for the client's buffer, sent with TC."},
};

} // namespace

const char* count_name(Count c) {
    return kCountNames[static_cast<unsigned>(c)];
}
const char* upstream_count_name(UpstreamCount c) {
    return kUpstreamNames[static_cast<unsigned>(c)];
}

std::string DnsStats::json() const {
    nlohmann::json cj = nlohmann::json::object(), ups = nlohmann::json::array();
    for (unsigned i = 0; i < counts.size(); i++)
        cj[kCountNames[i]] = counts[i];
    for (const auto& u : upstreams) {
        nlohmann::json j{{"server", u.server}};
        for (unsigned i = 0; i < u.counts.size(); i++)
            j[kUpstreamNames[i]] = u.counts[i];
        ups.push_back(j);
    }
    return nlohmann::json{{"counters", cj},
                          {"upstreams", ups},
                          {"cache", {{"entries", cache_entries}, {"capacity", cache_capacity}}}}
        .dump();
}

DnsStats DnsStats::from_json(const std::string& text) {
    DnsStats s;
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded())
        return s;
    for (unsigned i = 0; i < s.counts.size(); i++)
        s.counts[i] = j["counters"].value(kCountNames[i], std::uint64_t{0});
    for (const auto& u : j["upstreams"]) {
        Upstream up{u.value("server", ""), {}};
        for (unsigned i = 0; i < up.counts.size(); i++)
            up.counts[i] = u.value(kUpstreamNames[i], std::uint64_t{0});
        s.upstreams.push_back(up);
    }
    s.cache_entries = j["cache"].value("entries", std::uint64_t{0});
    s.cache_capacity = j["cache"].value("capacity", std::uint64_t{0});
    return s;
}

std::string DnsStats::prometheus() const {
    using acct::Emit;
    std::string out;
    acct::family(out, "xgw_dns_queries_total", "Queries received, by transport.",
                 [&](const Emit& emit) {
                     emit({{"transport", "udp"}}, get(Count::QueriesUdp));
                     emit({{"transport", "tcp"}}, get(Count::QueriesTcp));
                 });
    for (const auto& f : kFamilies)
        acct::family(out, f.metric, f.help, [&](const Emit& emit) { emit({}, get(f.count)); });
    acct::family(out, "xgw_dns_errors_total",
                 "Queries answered with an error, or dropped, by kind.", [&](const Emit& emit) {
                     for (auto c : {Count::Refused, Count::FormErr, Count::NotImp, Count::BadVers,
                                    Count::ServFail, Count::Overload, Count::Dropped})
                         emit({{"kind", count_name(c)}}, get(c));
                 });
    for (unsigned i = 0; i < static_cast<unsigned>(UpstreamCount::kCount); i++) {
        std::string name = std::string("xgw_dns_upstream_") + kUpstreamNames[i] + "_total";
        acct::family(out, name.c_str(), "Upstream traffic and health, by server.",
                     [&](const Emit& emit) {
                         for (const auto& u : upstreams)
                             emit({{"server", u.server}}, u.counts[i]);
                     });
    }
    acct::family(
        out, "xgw_dns_cache_entries", "Answers in the cache.",
        [&](const Emit& emit) { emit({}, cache_entries); }, "gauge");
    return out;
}

} // namespace xgw::dns
