#include "Commands.h"

#include <filesystem>
#include <iostream>

namespace xgw::cli {

void add_detach(CLI::App& app, Context& ctx) {
    struct Args {
        std::vector<std::string> ifaces;
        bool all = false, purge = false;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand(
        "detach", "Remove exactly what xgw attached and pinned on interfaces");
    auto* ifaces = cmd->add_option("IFACE", args->ifaces, "Interfaces to detach");
    auto* all = cmd->add_flag("-a,--all", args->all,
                              "Detach every interface and remove this namespace's pinned state "
                              "(but a ruleset, unless --purge)");
    cmd->add_flag("--purge", args->purge, "With --all: remove the pinned ruleset too")
        ->needs(all);
    ifaces->excludes(all);
    on_run(cmd, ctx, [args]() -> Result<void> {
        if (args->ifaces.empty() && !args->all)
            return make_error(Errc::Usage, "detach: name interfaces, or --all");
        auto dp = open_datapath();
        if (!dp)
            return dp.error();
        const bool had_state = dp->has_state();
        std::vector<std::string> detached;
        if (args->all) {
            auto names = dp->detach_all(args->purge);
            if (!names)
                return names.error();
            detached = std::move(*names);
        } else {
            for (const auto& ifname : args->ifaces) {
                if (auto ok = dp->detach(ifname); !ok)
                    return ok.error();
                detached.push_back(ifname);
            }
        }
        for (const auto& n : detached)
            std::cout << n << ": detached\n";
        if (had_state && !dp->has_state())
            std::cout << "removed " << dp->paths().root().string() << "\n";
        else if (auto st = dp->status(); dp->has_state() && st && st->empty())
            std::cout << "the ruleset stays pinned in " << dp->paths().root().string()
                      << " ('xgw fw flush', or 'xgw detach --all --purge', removes it)\n";
        else if (detached.empty())
            std::cout << "nothing attached\n";
        return {};
    });
}

} // namespace xgw::cli
