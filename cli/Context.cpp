#include "Context.h"

#include <iostream>

namespace xgw::cli {

int report(const Error& error) {
    std::cerr << "xgw: " << error.message << '\n';
    return static_cast<int>(error.kind);
}

void print_json(const nlohmann::json& j) { std::cout << j.dump(2) << '\n'; }

void on_run(CLI::App* cmd, Context& ctx, std::function<Result<void>()> body) {
    cmd->callback([&ctx, body = std::move(body)] {
        auto result = body();
        ctx.exit_code = result ? 0 : report(result.error());
    });
}

} // namespace xgw::cli

#include <xgw/Privileges.h>

namespace xgw::cli {

Result<Datapath> open_datapath() {
    if (auto ok = check_privileges(); !ok)
        return ok.error();
    auto paths = PinPaths::for_current_netns();
    if (!paths)
        return paths.error();
    return Datapath::open(std::move(*paths));
}

Result<Datapath> open_attached() {
    auto dp = open_datapath();
    if (!dp)
        return dp.error();
    if (!dp->has_state())
        return make_error(Errc::NotFound, "not attached: xgw has no state in this network "
                                          "namespace (see 'xgw attach')");
    return dp;
}

Result<PinPaths> attached_paths() {
    auto dp = open_attached();
    if (!dp)
        return dp.error();
    return dp->paths();
}

Result<PinPaths> state_paths() {
    auto dp = open_datapath();
    if (!dp)
        return dp.error();
    if (auto ok = dp->ensure_state(); !ok)
        return ok.error();
    return dp->paths();
}

} // namespace xgw::cli
