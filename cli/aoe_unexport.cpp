#include "Commands.h"

#include <xgw/Privileges.h>
#include <xgw/Process.h>
#include <xgw/aoe/AoeSteering.h>

#include <net/if.h>
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <thread>

namespace xgw::cli {

void add_aoe_unexport(CLI::App& aoe, Context& ctx) {
    struct Args {
        unsigned shelf = 0, slot = 0;
        std::string iface;
        int wait_s = 10;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = aoe.add_subcommand(
        "unexport", "Stop the xgw target SHELF SLOT on IFACE (SIGTERM, then wait for it to go)");
    cmd->add_option("SHELF", args->shelf)->required();
    cmd->add_option("SLOT", args->slot)->required();
    cmd->add_option("IFACE", args->iface)->required();
    cmd->add_option("--wait", args->wait_s, "Seconds to wait for the target to stop")->capture_default_str();
    on_run(cmd, ctx, [args]() -> Result<void> {
        if (auto ok = check_privileges(); !ok)
            return ok;
        auto paths = PinPaths::for_current_netns();
        if (!paths)
            return paths.error();
        auto st = aoe::AoeSteering::open(*paths);
        aoe::Address address{static_cast<std::uint16_t>(args->shelf), static_cast<std::uint8_t>(args->slot)};
        std::uint32_t ifindex = if_nametoindex(args->iface.c_str());
        auto find = [&]() -> std::optional<aoe::ExportRecord> {
            for (const auto& x : st->exports())
                if (x.ifindex == ifindex && x.address == address)
                    return x;
            return std::nullopt;
        };
        auto rec = st ? find() : std::nullopt;
        if (!rec)
            return make_error(Errc::NotFound, "no xgw target e" + address.str() + " on " + args->iface);
        if (!process_alive(static_cast<pid_t>(rec->rec.pid)) ||
            ::kill(static_cast<pid_t>(rec->rec.pid), SIGTERM) != 0) {
            // The process is gone without cleaning up: remove what it left.
            (void)st->remove(ifindex, address);
            (void)st->unregister_export(ifindex, address);
        }
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(args->wait_s);
        while (find()) {
            if (std::chrono::steady_clock::now() > deadline)
                return make_error(Errc::Failed, "target e" + address.str() + " (pid " +
                                                    std::to_string(rec->rec.pid) + ") did not stop");
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        std::printf("unexported e%s on %s (pid %u)\n", address.str().c_str(), args->iface.c_str(), rec->rec.pid);
        return {};
    });
}

} // namespace xgw::cli
