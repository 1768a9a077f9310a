// Network namespaces: which one we are in, and entering one by name.
#pragma once

#include <xgw/Result.h>

#include <cstdint>
#include <string>

namespace xgw {

// Enters /run/netns/NAME with setns(CLONE_NEWNET) only: mount namespace and /sys stay the host's.
Result<void> enter_netns(const std::string& name);

// The kernel's cookie of the current network namespace: unique for the boot, never reused.
Result<std::uint64_t> current_netns_cookie();

} // namespace xgw
