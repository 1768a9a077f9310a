#include "Commands.h"

#include <filesystem>
#include <iostream>

namespace xgw::cli {

void add_detach(CLI::App& app, Context& ctx) {
    struct Args {
        std::vector<std::string> ifaces;
        bool all = false;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand(
        "detach", "Remove exactly what xgw attached and pinned on interfaces");
    auto* ifaces = cmd->add_option("IFACE", args->ifaces, "Interfaces to detach");
    auto* all = cmd->add_flag("-a,--all", args->all,
                              "Detach every interface and remove this namespace's pinned state");
    ifaces->excludes(all);
    on_run(cmd, ctx, [args]() -> Result<void> {
        if (args->ifaces.empty() && !args->all)
            return make_error(Errc::Usage, "detach: name interfaces, or --all");
        auto dp = open_datapath();
        if (!dp)
            return dp.error();
        if (args->all) {
            const bool had_state = std::filesystem::exists(dp->paths().root());
            auto names = dp->detach_all();
            if (!names)
                return names.error();
            for (const auto& n : *names)
                std::cout << n << ": detached\n";
            if (had_state)
                std::cout << "removed " << dp->paths().root().string() << "\n";
            else if (names->empty())
                std::cout << "nothing attached\n";
            return {};
        }
        for (const auto& ifname : args->ifaces) {
            if (auto ok = dp->detach(ifname); !ok)
                return ok.error();
            std::cout << ifname << ": detached\n";
        }
        return {};
    });
}

} // namespace xgw::cli
