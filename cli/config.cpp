#include "Commands.h"

#include <iostream>

namespace xgw::cli {

void add_config(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand("config", "Show or change run-time settings of the data path");
    cmd->require_subcommand(1);

    auto policy = std::make_shared<std::string>();
    auto* malformed = cmd->add_subcommand(
        "malformed", "What happens to malformed packets: drop (default) or pass; both are counted "
                     "by reason");
    malformed->add_option("POLICY", *policy, "drop or pass")
        ->required()
        ->check(CLI::IsMember({"drop", "pass"}));
    on_run(malformed, ctx, [policy]() -> Result<void> {
        auto dp = open_datapath();
        if (!dp)
            return dp.error();
        auto p = *policy == "pass" ? MalformedPolicy::Pass : MalformedPolicy::Drop;
        if (auto ok = dp->set_malformed_policy(p); !ok)
            return ok.error();
        std::cout << "malformed packets: " << *policy << "\n";
        return {};
    });
}

} // namespace xgw::cli
