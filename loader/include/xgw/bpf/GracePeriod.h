// Waiting until no BPF program still runs with what it read before a map update.
#pragma once

#include <xgw/Result.h>

namespace xgw {

// Returns once every non-sleepable BPF program that was running when it was called has finished
// (an RCU grace period), so a value written before the call is what every later run sees.
Result<void> wait_for_running_programs();

} // namespace xgw
