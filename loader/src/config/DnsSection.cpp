#include "DnsSection.h"

#include <xgw/dns/Endpoint.h>
#include <xgw/dns/UpstreamRoutes.h>
#include <xgw/fw/IpPrefix.h>

#include <functional>

namespace xgw::config {
namespace {

// Every address the host has, as `xgw dns serve --listen 0.0.0.0 --listen [::]` would serve.
const std::vector<std::string> kWildcard = {"0.0.0.0", "[::]"};

Error at(const Where& where, const std::string& message) {
    return make_error(Errc::Usage, where.str() + ": " + message);
}

// Each value checked by the forwarder's own parsers, so that xgwd never starts one that
// would refuse it; the error names where the value stands.
Result<std::vector<std::string>>
checked(const FileContext& fc, const toml::table& t, std::string_view key,
        const std::function<Result<void>(const std::string&)>& check) {
    auto values = get_strings(fc, t, key);
    if (!values)
        return values.error();
    std::vector<std::string> out;
    for (auto& [value, where] : *values) {
        if (auto ok = check(value); !ok)
            return at(where, "'" + std::string(key) + "': " + ok.error().message);
        out.push_back(std::move(value));
    }
    return out;
}

Result<void> endpoint(const std::string& text) {
    auto e = dns::parse_endpoint(text);
    if (!e)
        return e.error();
    return {};
}

} // namespace

Result<void> parse_dns(const FileContext& fc, const toml::node& node, BoxConfig& out) {
    if (out.dns)
        return fc.error(node, "[dns] is configured twice (first at " + out.dns->where.str() + ")");
    auto t = table_of(fc, node, "[dns]",
                      {"listen", "upstream", "server", "allow", "cache_size", "hosts", "threads",
                       "timeout_ms", "attempts", "control"});
    if (!t)
        return t.error();
    dns::UpstreamRoutes routes;
    auto listen = checked(fc, **t, "listen", endpoint);
    auto upstream =
        checked(fc, **t, "upstream", [&](const std::string& s) { return routes.add_default(s); });
    auto server =
        checked(fc, **t, "server", [&](const std::string& s) { return routes.add_domain(s); });
    auto allow = checked(fc, **t, "allow", [](const std::string& s) -> Result<void> {
        auto p = fw::IpPrefix::parse(s);
        if (!p)
            return p.error();
        return {};
    });
    auto cache = get_int(fc, **t, "cache_size", 1, 100000000);
    auto hosts = get_string(fc, **t, "hosts");
    auto threads = get_int(fc, **t, "threads", 0, 256);
    auto timeout = get_int(fc, **t, "timeout_ms", 10, 60000);
    auto attempts = get_int(fc, **t, "attempts", 1, 10);
    auto control = get_string(fc, **t, "control");
    for (const Error* e :
         {listen ? nullptr : &listen.error(), upstream ? nullptr : &upstream.error(),
          server ? nullptr : &server.error(), allow ? nullptr : &allow.error(),
          cache ? nullptr : &cache.error(), hosts ? nullptr : &hosts.error(),
          threads ? nullptr : &threads.error(), timeout ? nullptr : &timeout.error(),
          attempts ? nullptr : &attempts.error(), control ? nullptr : &control.error()})
        if (e)
            return *e;
    if (upstream->empty())
        return fc.error(node, "[dns] needs 'upstream' (the servers to forward to)");
    DnsConfig d;
    d.where = fc.at(node);
    auto& f = d.forwarder;
    f.listen = listen->empty() ? kWildcard : std::move(*listen);
    f.upstreams = std::move(*upstream);
    f.servers = std::move(*server);
    f.allow = std::move(*allow);
    f.cache_size =
        static_cast<std::size_t>(cache->value_or(static_cast<std::int64_t>(f.cache_size)));
    if (*hosts)
        f.hosts_file = (*hosts)->empty() ? "" : fc.resolve(**hosts);
    f.threads = static_cast<unsigned>(threads->value_or(f.threads));
    f.timeout_ms = static_cast<int>(timeout->value_or(f.timeout_ms));
    f.attempts = static_cast<int>(attempts->value_or(f.attempts));
    if (*control)
        f.control_socket = **control;
    out.dns = std::move(d);
    return {};
}

} // namespace xgw::config
