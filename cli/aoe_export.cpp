#include "Commands.h"

#include <xgw/Privileges.h>
#include <xgw/aoe/AoeTarget.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <map>
#include <string>

namespace xgw::cli {
namespace {

std::atomic<bool> g_stop{false};

extern "C" void on_stop_signal(int) { g_stop.store(true); }

// Without SA_RESTART, so the signal also ends a poll() at once.
void install_stop_handlers() {
    struct sigaction sa {};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
}

std::string transport_name(const aoe::AoeTarget& t) {
    if (t.transport() == aoe::Transport::Xsk)
        return "AF_XDP (" + t.xsk_mode() + "; AF_PACKET beside it)";
    return "AF_PACKET";
}

const std::map<std::string, aoe::TransportChoice> kTransports{
    {"auto", aoe::TransportChoice::Auto}, {"xsk", aoe::TransportChoice::Xsk},
    {"packet", aoe::TransportChoice::Packet}};

} // namespace

void add_aoe_export(CLI::App& aoe, Context& ctx) {
    struct Args {
        unsigned shelf = 0, slot = 0;
        std::string masks;
        aoe::ExportOptions o;
        std::string transport = "auto";
    };
    auto args = std::make_shared<Args>();
    auto* cmd = aoe.add_subcommand(
        "export", "Serve FILE (a file or block device) as AoE target SHELF.SLOT on IFACE, in the "
                  "foreground, until SIGINT or SIGTERM (vblade's options)");
    cmd->add_option("SHELF", args->shelf, "Shelf (major) address, 0-65534")->required()
        ->check(CLI::Range(0, 65534));
    cmd->add_option("SLOT", args->slot, "Slot (minor) address, 0-254")->required()
        ->check(CLI::Range(0, 254));
    cmd->add_option("IFACE", args->o.ifname, "Interface to serve on")->required();
    cmd->add_option("FILE", args->o.path, "File or block device to export")->required();
    cmd->add_option("-m", args->masks, "Comma-separated MACs allowed to use the target (default: all)");
    cmd->add_flag("-r", args->o.store.readonly, "Export read-only");
    cmd->add_option("-b", args->o.buffer_count, "Advertised buffer count (requests in flight)")
        ->capture_default_str()->check(CLI::Range(1, 65535));
    cmd->add_flag("-d", args->o.store.direct, "O_DIRECT access to FILE");
    cmd->add_flag("-s", args->o.store.sync, "O_SYNC access to FILE");
    cmd->add_option("-o", args->o.store.offset, "Sectors at the start of FILE not exported");
    cmd->add_option("-l", args->o.store.length, "Sectors to export (default: the rest of FILE)");
    cmd->add_option("--transport", args->transport,
                    "xsk: AF_XDP filled by XDP steering, or fail; packet: AF_PACKET only; auto: "
                    "AF_XDP where it can be used, else AF_PACKET saying why")
        ->capture_default_str()->check(CLI::IsMember({"auto", "xsk", "packet"}));
    cmd->add_option("--queue", args->o.queue, "Receive queue for the AF_XDP socket")
        ->capture_default_str();
    on_run(cmd, ctx, [args]() -> Result<void> {
        if (auto ok = check_privileges(); !ok)
            return ok;
        auto masks = aoe::MacAddress::parse_list(args->masks);
        if (!masks)
            return masks.error();
        args->o.masks = *masks;
        args->o.address = {static_cast<std::uint16_t>(args->shelf), static_cast<std::uint8_t>(args->slot)};
        args->o.transport = kTransports.at(args->transport);
        auto paths = PinPaths::for_current_netns();
        if (!paths)
            return paths.error();
        install_stop_handlers();
        auto target = aoe::AoeTarget::open(args->o, *paths);
        if (!target)
            return target.error();
        std::printf("pid %d: e%s on %s, %llu sectors %s, over %s\n", static_cast<int>(getpid()),
                    args->o.address.str().c_str(), args->o.ifname.c_str(),
                    static_cast<unsigned long long>(target->sectors()),
                    args->o.store.readonly ? "O_RDONLY" : "O_RDWR", transport_name(*target).c_str());
        if (!target->fallback_reason().empty())
            std::printf("AF_XDP not used: %s\n", target->fallback_reason().c_str());
        std::fflush(stdout);
        if (auto ok = target->run(g_stop); !ok)
            return ok;
        const auto& c = target->counters();
        std::printf("stopped e%s: %llu requests, %llu responses, %llu errors\n",
                    args->o.address.str().c_str(), static_cast<unsigned long long>(c.requests),
                    static_cast<unsigned long long>(c.responses),
                    static_cast<unsigned long long>(c.errors));
        return {};
    });
}

} // namespace xgw::cli
