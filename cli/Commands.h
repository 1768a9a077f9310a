// One function per subcommand file; main.cpp calls each to register it.
#pragma once

#include "Context.h"

namespace xgw::cli {

void add_attach(CLI::App& app, Context& ctx);
void add_detach(CLI::App& app, Context& ctx);
void add_status(CLI::App& app, Context& ctx);
// `xgw gc`: releases the state of namespaces and interfaces that are gone (cli/gc.cpp).
void add_gc(CLI::App& app, Context& ctx);
void add_stats(CLI::App& app, Context& ctx);
void add_config(CLI::App& app, Context& ctx);
void add_fw(CLI::App& app, Context& ctx);
void add_fw_table(CLI::App* fwcmd, Context& ctx); // under `xgw fw`
void add_chat(CLI::App& app, Context& ctx);
void add_serial(CLI::App& app, Context& ctx);
void add_acct(CLI::App& app, Context& ctx);
void add_nat(CLI::App& app, Context& ctx);
void add_top(CLI::App& app, Context& ctx);
// `xgw stats serve`, registered by add_stats; returns the subcommand.
CLI::App* add_stats_serve(CLI::App& stats, Context& ctx);
void add_route(CLI::App& app, Context& ctx);
void add_rule(CLI::App& app, Context& ctx);
void add_addr(CLI::App& app, Context& ctx);
void add_link(CLI::App& app, Context& ctx);
// `xgw apply`, `diff`, `confirm`, `save-config`: the box configuration (cli/apply.cpp).
void add_apply(CLI::App& app, Context& ctx);

void add_aoe(CLI::App& app, Context& ctx);
void add_aoe_discover(CLI::App& aoe, Context& ctx);
void add_aoe_identify(CLI::App& aoe, Context& ctx);
void add_aoe_read(CLI::App& aoe, Context& ctx);
void add_aoe_write(CLI::App& aoe, Context& ctx);
void add_aoe_export(CLI::App& aoe, Context& ctx);
void add_aoe_show(CLI::App& aoe, Context& ctx);
void add_aoe_unexport(CLI::App& aoe, Context& ctx);
void add_aoe_bench(CLI::App& aoe, Context& ctx);
void add_aoe_steer(CLI::App& aoe, Context& ctx);

// PPP (cli/ppp.cpp).
void add_ppp(CLI::App& app, Context& ctx);

// What `xgw aoe show --json` prints: steering entries, registered targets, counters.
Result<nlohmann::json> aoe_show_json();

// `xgw dns` and its subcommands.
void add_dns(CLI::App& app, Context& ctx);
void add_dns_config(CLI::App& dns, Context& ctx);
void add_dns_serve(CLI::App& dns, Context& ctx);
void add_dns_stats(CLI::App& dns, Context& ctx);

} // namespace xgw::cli
