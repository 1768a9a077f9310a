// From a configuration and what runs now to the steps that make the one into the other. Diff
// prints the steps; apply runs them, each registering how to take itself back.
#pragma once

#include "RunningState.h"
#include "Rollback.h"

#include <xgw/config/Box.h>

#include <functional>
#include <vector>

namespace xgw::config {

struct Step {
    Change change;
    std::function<Result<void>(Rollback& undo)> run;
};

struct Plan {
    std::vector<Step> steps;
};

// Errors: an interface the configuration names is missing here (NotFound), table sizes the
// pinned tables cannot take (Conflict), both naming where the configuration says so.
Result<Plan> make_plan(const BoxConfig& config, const RunningState& running);

} // namespace xgw::config
