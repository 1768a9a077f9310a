// `xgw dns`: the resolver's files.
#include "Commands.h"

namespace xgw::cli {

void add_dns(CLI::App& app, Context& ctx) {
    auto* dns = app.add_subcommand("dns", "Resolver configuration");
    dns->require_subcommand(1);
    add_dns_config(*dns, ctx);
}

} // namespace xgw::cli
