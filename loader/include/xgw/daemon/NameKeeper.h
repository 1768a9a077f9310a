// Keeps the firewall tables that hold DNS names (fw/TableNames.h) equal to what the names give:
// on a thread of its own, since asking a slow server must not hold up the event loop, it asks
// again every name whose TTL ran out, once a second at most.
#pragma once

#include <xgw/bpf/PinPaths.h>
#include <xgw/daemon/DaemonCounters.h>
#include <xgw/daemon/Notice.h>

#include <condition_variable>
#include <mutex>
#include <thread>

namespace xgw::daemon {

class NameKeeper {
  public:
    NameKeeper(PinPaths paths, DaemonCounters& counters, Notice notice);
    ~NameKeeper(); // stops the thread and waits for it
    NameKeeper(const NameKeeper&) = delete;
    NameKeeper& operator=(const NameKeeper&) = delete;

  private:
    void run();
    void refresh();
    PinPaths paths_;
    DaemonCounters& counters_;
    Notice notice_;
    std::string last_error_; // said once, not every second while it lasts
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stop_ = false;
    std::thread thread_; // last: it starts once everything it uses is made
};

} // namespace xgw::daemon
