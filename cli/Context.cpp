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
