// The service manager's notification protocol (sd_notify(3)) spoken directly: one datagram per
// state change to $NOTIFY_SOCKET, so xgwd needs no libsystemd.
#pragma once

#include <xgw/Result.h>
#include <xgw/UniqueFd.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace xgw::daemon {

class ServiceNotifier {
  public:
    // Reads $NOTIFY_SOCKET ("/path" or "@abstract") and $WATCHDOG_USEC/$WATCHDOG_PID; without
    // a socket every notify does nothing.
    static Result<ServiceNotifier> from_environment();

    bool active() const { return fd_.get() >= 0; }
    // "READY=1", "STATUS=...", "WATCHDOG=1", "STOPPING=1", several joined by newlines.
    Result<void> notify(std::string_view state) const;
    // Half the watchdog timeout when the manager watches this process: how often to say alive.
    std::optional<std::chrono::microseconds> watchdog_interval() const { return watchdog_; }

  private:
    ServiceNotifier(UniqueFd fd, std::string address, std::optional<std::chrono::microseconds> w)
        : fd_(std::move(fd)), address_(std::move(address)), watchdog_(w) {}
    UniqueFd fd_;
    std::string address_; // sun_path bytes; a leading NUL for an abstract socket
    std::optional<std::chrono::microseconds> watchdog_;
};

} // namespace xgw::daemon
