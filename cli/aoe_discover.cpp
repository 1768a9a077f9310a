#include "AoeOptions.h"
#include "Commands.h"

#include <cstdio>

namespace xgw::cli {
namespace {

struct Found {
    aoe::TargetInfo info;
    std::optional<aoe::Identity> identity;
};

nlohmann::json to_json(const Found& f) {
    nlohmann::json j{{"address", f.info.address.str()},
                     {"shelf", f.info.address.shelf},
                     {"slot", f.info.address.slot},
                     {"mac", f.info.mac.str()},
                     {"buffer_count", f.info.buffer_count},
                     {"sectors_per_frame", f.info.sectors_per_frame},
                     {"firmware", f.info.firmware},
                     {"config", f.info.config}};
    if (f.identity) {
        j["sectors"] = f.identity->sectors;
        j["bytes"] = f.identity->sectors * aoe::kSectorSize;
        j["model"] = f.identity->model;
        j["serial"] = f.identity->serial;
    }
    return j;
}

} // namespace

void add_aoe_discover(CLI::App& aoe, Context& ctx) {
    struct Args {
        AoeInitiatorArgs ini;
        int wait_ms = 500;
        bool json = false;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = aoe.add_subcommand("discover", "Find the AoE targets reachable through IFACE");
    add_initiator_args(cmd, args->ini, false);
    cmd->add_option("--wait", args->wait_ms, "Milliseconds to collect answers")->capture_default_str();
    cmd->add_flag("--json", args->json, "Print JSON");
    on_run(cmd, ctx, [args]() -> Result<void> {
        auto ini = aoe::Initiator::open(args->ini.iface, args->ini.options);
        if (!ini)
            return ini.error();
        auto targets = ini->discover(aoe::Address::any(), args->wait_ms);
        if (!targets)
            return targets.error();
        std::vector<Found> found;
        for (auto& t : *targets) {
            auto id = ini->identify(t);
            found.push_back({t, id ? std::optional(*id) : std::nullopt});
        }
        if (args->json) {
            nlohmann::json j{{"interface", args->ini.iface}, {"targets", nlohmann::json::array()}};
            for (const auto& f : found)
                j["targets"].push_back(to_json(f));
            print_json(j);
            return {};
        }
        if (found.empty())
            std::printf("no AoE targets answered on %s\n", args->ini.iface.c_str());
        for (const auto& f : found)
            std::printf("e%-8s %s  %12llu sectors  buffers %u  sectors/frame %u  config '%s'\n",
                        f.info.address.str().c_str(), f.info.mac.str().c_str(),
                        static_cast<unsigned long long>(f.identity ? f.identity->sectors : 0),
                        f.info.buffer_count, f.info.sectors_per_frame, f.info.config.c_str());
        return {};
    });
}

} // namespace xgw::cli
