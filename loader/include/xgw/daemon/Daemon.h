// xgwd: the long-running part of xgw in one network namespace. One event loop (epoll) over the
// firewall log ring, rtnetlink's link and address events, a one-second tick and the signals;
// the metrics server answers scrapes on a thread of its own. The data path never depends on
// it: everything runs from pins, so killing the daemon loses no packet and no counter.
#pragma once

#include <xgw/Result.h>
#include <xgw/daemon/DaemonRecord.h>
#include <xgw/daemon/Duties.h>
#include <xgw/daemon/Notice.h>
#include <xgw/daemon/ServiceNotifier.h>

#include <filesystem>
#include <functional>
#include <memory>

namespace xgw::daemon {

struct DaemonOptions {
    Duties duties;
    std::filesystem::path run_base = kDefaultRunBase;
    Notice notice;
    // The duties to follow from now on, where the box configuration is applied (see
    // daemon/main.cpp): called once at start, once the namespace's xgwd lock is held (a second
    // xgwd changes nothing before it exits 6), replacing `duties`; and on SIGHUP.
    std::function<Result<Duties>()> reload;
};

class Daemon {
  public:
    // Blocks SIGTERM, SIGINT and SIGHUP (the loop takes them), takes the namespace's xgwd
    // lock (Conflict when another xgwd holds it), attaches the interfaces present, follows the
    // addresses once, opens the log forwarding and binds the metrics address.
    static Result<std::unique_ptr<Daemon>> start(DaemonOptions options);
    ~Daemon();

    // Runs until SIGTERM or SIGINT; READY=1 once the loop runs, WATCHDOG=1 at the interval
    // the service manager asked for.
    Result<void> run(const ServiceNotifier& notifier);

  private:
    struct State;
    explicit Daemon(std::unique_ptr<State> state);
    std::unique_ptr<State> s_;
};

} // namespace xgw::daemon
