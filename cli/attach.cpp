#include "Commands.h"

#include <xgw/fw/FirewallControl.h>

#include <iostream>
#include <optional>

namespace xgw::cli {

void add_attach(CLI::App& app, Context& ctx) {
    struct Args {
        std::vector<std::string> ifaces;
        std::string mode = "auto";
        bool force = false;
        std::optional<bool> forward;
        bool acct_only = false;
        TableSizes sizes;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand(
        "attach", "Attach xgw's XDP (ingress) and tc (egress) programs to interfaces");
    cmd->add_option("IFACE", args->ifaces, "Interfaces to attach")->required();
    cmd->add_option("-m,--mode", args->mode,
                    "XDP mode: native (driver), generic (skb), or auto: native, falling back to "
                    "generic (generic on a veth)")
        ->check(CLI::IsMember({"auto", "native", "generic"}))
        ->capture_default_str();
    cmd->add_flag("-f,--force", args->force, "Replace an XDP program that xgw did not attach");
    cmd->add_flag_callback(
        "--forward", [args] { args->forward = true; },
        "XDP forwarding offload: forward routed packets between --forward "
        "ports by redirect (also on an attached interface)");
    cmd->add_flag_callback(
        "--no-forward", [args] { args->forward = false; },
        "Turn the forwarding offload off (the interface stays attached)");
    cmd->add_flag("--acct-only", args->acct_only,
                  "Passive: count statistics and accounting, pass every packet (no firewall, "
                  "NAT, AoE steering or forwarding)")
        ->excludes("--forward");
    for (const auto& o : kSizeOptions)
        cmd->add_option(std::string(o.option), args->sizes.*o.asked,
                        "Size of the " + std::string(o.what) +
                            "; chosen when the first interface is attached (default " +
                            std::to_string(o.fallback) + ")")
            ->check(CLI::Range(o.min, o.max));
    on_run(cmd, ctx, [args]() -> Result<void> {
        auto dp = open_datapath();
        if (!dp)
            return dp.error();
        bool attached_any = false;
        for (const auto& ifname : args->ifaces) {
            const XdpMode mode = args->mode == "native"    ? XdpMode::Native
                                 : args->mode == "generic" ? XdpMode::Generic
                                                           : XdpMode::Auto;
            auto r = dp->attach(ifname,
                                {mode, args->force, args->forward, args->acct_only, args->sizes});
            if (!r)
                return r.error();
            if (r->already_attached) {
                std::cout << ifname << ": already attached (" << to_string(r->mode)
                          << (r->forward ? ", forwarding offload" : "")
                          << (r->acct_only ? ", accounting only" : "") << ")"
                          << (args->forward ? "\n" : ", nothing to do\n");
                continue;
            }
            if (r->replaced_prog_id)
                std::cout << ifname << ": replaced XDP program id " << r->replaced_prog_id
                          << " (--force)\n";
            std::cout << ifname << ": attached, XDP " << to_string(r->mode)
                      << (r->fell_back ? " (native refused, fell back to generic)" : "")
                      << (r->veth_generic ? " (auto on a veth: native would lose XDP_TX and "
                                            "redirected frames unless the peer runs XDP or GRO)"
                                          : "")
                      << ", tc egress" << (r->forward ? ", forwarding offload" : "")
                      << (r->acct_only ? ", accounting only" : "") << "\n";
            attached_any = true;
        }
        if (!attached_any)
            return {};
        // Rules name interfaces; an interface attached now may be one made again since the
        // ruleset was compiled, with a new ifindex: compile it again so nothing stale stays.
        fw::FirewallControl fwc(dp->paths(), fw::current_host(), nullptr);
        auto rebound = fwc.rebind_interfaces();
        if (!rebound)
            return rebound.error().prefix("compile the ruleset in force for the interfaces");
        if (*rebound)
            for (const auto& w : (*rebound)->warnings)
                std::cerr << "xgw: warning: " << w << "\n";
        return {};
    });
}

} // namespace xgw::cli
