#include "AcctOutput.h"
#include "Commands.h"

#include <iostream>

namespace xgw::cli {
namespace {

struct DefArgs {
    std::string kind;
    std::vector<std::string> values;
};

// The namespace's accounting, creating xgw's pinned state first when asked to.
Result<acct::Accounting> open_accounting(bool create) {
    auto paths = create ? state_paths() : attached_paths();
    if (!paths)
        return paths.error();
    return acct::Accounting::open(*paths);
}

Result<void> change_definitions(const DefArgs& args, bool add) {
    const bool takes_values = args.kind == "net" || args.kind == "port";
    if (takes_values == args.values.empty())
        return make_error(Errc::Usage, takes_values ? args.kind + " needs at least one value"
                                                    : args.kind + " takes no value");
    auto acc = open_accounting(add);
    if (!acc)
        return acc.error();
    if (args.kind == "protocols")
        return acc->set_protocols(add);
    if (args.kind == "icmp-types")
        return acc->set_icmp_types(add);
    for (const auto& text : args.values) {
        if (args.kind == "net") {
            auto net = fw::IpPrefix::parse(text);
            if (!net)
                return net.error();
            if (auto ok = add ? acc->add_net(*net) : acc->delete_net(*net); !ok)
                return ok.error();
            continue;
        }
        auto ports = acct::parse_ports(text);
        if (!ports)
            return ports.error();
        for (const auto& port : *ports)
            if (auto ok = add ? acc->add_port(port) : acc->delete_port(port); !ok)
                return ok.error();
    }
    return {};
}

void add_definition_command(CLI::App& acct, Context& ctx, bool add) {
    auto args = std::make_shared<DefArgs>();
    auto* cmd =
        acct.add_subcommand(add ? "add" : "delete",
                            add ? "Start accounting hosts of nets, ports, protocols or ICMP types"
                                : "Stop accounting them and drop their counters");
    cmd->add_option("KIND", args->kind, "net, port, protocols or icmp-types")
        ->required()
        ->check(CLI::IsMember({"net", "port", "protocols", "icmp-types"}));
    cmd->add_option("VALUE", args->values,
                    "net: CIDR (IPv4 or IPv6), every host inside counted on its own; "
                    "port: tcp/N, udp/N, N (both), or a range tcp/N-M");
    on_run(cmd, ctx, [args, add] { return change_definitions(*args, add); });
}

void add_show_command(CLI::App& acct, Context& ctx) {
    struct Args {
        std::string table = "all";
        bool zero = false;
        bool json = false;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = acct.add_subcommand("show", "Show accounting counters since the last zero");
    cmd->add_option("TABLE", args->table, "all, hosts, ports, protocols or icmp-types")
        ->check(CLI::IsMember({"all", "hosts", "ports", "protocols", "icmp-types"}))
        ->capture_default_str();
    cmd->add_flag("-z,--zero", args->zero,
                  "Zero every counter as it is read (all tables; no increment is lost)");
    cmd->add_flag("--json", args->json, "Print JSON");
    on_run(cmd, ctx, [args]() -> Result<void> {
        auto acc = open_accounting(false);
        if (!acc)
            return acc.error();
        auto defs = acc->definitions();
        if (!defs)
            return defs.error();
        auto snap = args->zero ? acc->read_and_zero() : acc->read();
        if (!snap)
            return snap.error();
        if (args->json)
            print_json(acct_json(*defs, *snap, args->table));
        else
            print_acct(*defs, *snap, args->table);
        return {};
    });
}

} // namespace

void add_acct(CLI::App& app, Context& ctx) {
    auto* acct = app.add_subcommand("acct", "IP accounting by host, port, protocol and ICMP type");
    acct->require_subcommand(1);
    add_definition_command(*acct, ctx, true);
    add_definition_command(*acct, ctx, false);
    add_show_command(*acct, ctx);

    auto* zero = acct->add_subcommand("zero", "Zero every accounting counter (atomically)");
    on_run(zero, ctx, []() -> Result<void> {
        auto acc = open_accounting(false);
        if (!acc)
            return acc.error();
        auto snap = acc->read_and_zero();
        return snap ? Result<void>{} : snap.error();
    });

    auto* flush = acct->add_subcommand("flush", "Remove every accounting definition and counter");
    on_run(flush, ctx, []() -> Result<void> {
        auto acc = open_accounting(false);
        if (!acc)
            return acc.error();
        return acc->flush();
    });

    auto mode = std::make_shared<std::string>();
    auto* bytes = acct->add_subcommand(
        "bytes", "What byte counters add per packet: ip (the IP datagram, default) or frame (L2)");
    bytes->add_option("MODE", *mode, "ip or frame")
        ->required()
        ->check(CLI::IsMember({"ip", "frame"}));
    on_run(bytes, ctx, [mode]() -> Result<void> {
        auto acc = open_accounting(true);
        if (!acc)
            return acc.error();
        return acc->set_bytes(*mode == "frame" ? acct::ByteCount::Frame : acct::ByteCount::Ip);
    });
}

} // namespace xgw::cli
