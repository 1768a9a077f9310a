#include "Commands.h"

namespace xgw::cli {

void add_aoe(CLI::App& app, Context& ctx) {
    auto* aoe = app.add_subcommand(
        "aoe", "ATA over Ethernet: initiator tools, the xgw target, and XDP steering");
    aoe->require_subcommand(1);
    add_aoe_discover(*aoe, ctx);
    add_aoe_identify(*aoe, ctx);
    add_aoe_read(*aoe, ctx);
    add_aoe_write(*aoe, ctx);
    add_aoe_export(*aoe, ctx);
    add_aoe_show(*aoe, ctx);
    add_aoe_unexport(*aoe, ctx);
    add_aoe_steer(*aoe, ctx);
    add_aoe_bench(*aoe, ctx);
}

} // namespace xgw::cli
