// Giving up capabilities a long-running process no longer needs.
#pragma once

#include <xgw/Result.h>

#include <string>
#include <vector>

namespace xgw::daemon {

// Keeps only these capabilities (CAP_* numbers) in the effective and permitted sets, empties
// the inheritable and ambient sets and drops the rest from the bounding set, so neither this
// process nor anything it runs can take them back.
Result<void> keep_only_capabilities(const std::vector<int>& keep);

// The names of the capabilities in this process's effective set ("cap_bpf", ...).
std::vector<std::string> effective_capabilities();

} // namespace xgw::daemon
