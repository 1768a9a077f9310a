// Catches SIGINT, SIGTERM and SIGHUP so that a blocked chat wakes up and ends cleanly.
#pragma once

namespace xgw::chat {

class SignalLatch {
  public:
    SignalLatch();
    ~SignalLatch();
    SignalLatch(const SignalLatch&) = delete;
    SignalLatch& operator=(const SignalLatch&) = delete;

    // The signal caught since the last call, or 0.
    static int take();
    static void ignore_hangup(bool ignore);
};

} // namespace xgw::chat
