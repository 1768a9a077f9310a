#include "AoeOptions.h"
#include "Commands.h"

#include <cstdio>

namespace xgw::cli {

void add_aoe_identify(CLI::App& aoe, Context& ctx) {
    struct Args {
        AoeInitiatorArgs ini;
        bool json = false;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = aoe.add_subcommand("identify", "Send ATA IDENTIFY DEVICE to a target");
    add_initiator_args(cmd, args->ini);
    cmd->add_flag("--json", args->json, "Print JSON");
    on_run(cmd, ctx, [args]() -> Result<void> {
        auto t = open_target(args->ini);
        if (!t)
            return t.error();
        auto id = t->initiator.identify(t->target);
        if (!id)
            return id.error();
        if (args->json) {
            print_json({{"address", t->target.address.str()},
                        {"mac", t->target.mac.str()},
                        {"sectors", id->sectors},
                        {"bytes", id->sectors * aoe::kSectorSize},
                        {"lba48", id->lba48},
                        {"model", id->model},
                        {"serial", id->serial},
                        {"firmware", id->firmware}});
            return {};
        }
        std::printf("e%s %s\n  model    %s\n  serial   %s\n  firmware %s\n  sectors  %llu%s\n",
                    t->target.address.str().c_str(), t->target.mac.str().c_str(),
                    id->model.c_str(), id->serial.c_str(), id->firmware.c_str(),
                    static_cast<unsigned long long>(id->sectors), id->lba48 ? " (LBA48)" : "");
        return {};
    });
}

} // namespace xgw::cli
