// iptables-apply's promise: a change that is not confirmed in time is taken back, even when
// the session that made it is gone.
#pragma once

#include <xgw/Result.h>

#include <chrono>
#include <functional>

namespace xgw {

// Forks a detached process (its own session, SIGHUP ignored, standard streams on /dev/null,
// so a lost SSH session cannot stop it and `$(xgw ...)` returns) that waits `timeout`, runs
// expire and exits. expire decides for itself whether the change was confirmed meanwhile.
Result<void> start_confirm_watchdog(std::chrono::seconds timeout, std::function<void()> expire);

} // namespace xgw
