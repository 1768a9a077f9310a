// `xgw dns`: the resolver's files and the caching forwarder.
#include "Commands.h"

namespace xgw::cli {

void add_dns(CLI::App& app, Context& ctx) {
    auto* dns = app.add_subcommand("dns", "Resolver configuration and a caching DNS forwarder");
    dns->require_subcommand(1);
    add_dns_config(*dns, ctx);
    add_dns_serve(*dns, ctx);
    add_dns_stats(*dns, ctx);
}

} // namespace xgw::cli
