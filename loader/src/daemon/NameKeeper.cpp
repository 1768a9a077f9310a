#include <xgw/daemon/NameKeeper.h>

#include <xgw/dns/AddressLookup.h>
#include <xgw/fw/FirewallTables.h>
#include <xgw/fw/TableNames.h>

#include <syslog.h>

#include <chrono>
#include <ctime>

namespace xgw::daemon {

NameKeeper::NameKeeper(PinPaths paths, DaemonCounters& counters, Notice notice)
    : paths_(std::move(paths)), counters_(counters), notice_(std::move(notice)),
      thread_([this] { run(); }) {}

NameKeeper::~NameKeeper() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void NameKeeper::run() {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stop_; })) {
        lock.unlock();
        refresh();
        lock.lock();
    }
}

void NameKeeper::refresh() {
    auto tables = fw::FirewallTables::open(paths_);
    if (!tables)
        return; // no state (yet): no table to keep
    auto r = fw::TableNames(paths_).refresh(*tables, dns::lookup_addresses, std::time(nullptr));
    if (!r) {
        counters_.errors++;
        if (r.error().message != last_error_)
            notice_(LOG_ERR, "follow table names: " + r.error().message);
        last_error_ = r.error().message;
        return;
    }
    counters_.table_names_asked += r->asked;
    counters_.table_names_failed += r->failed;
    for (const auto& e : r->errors)
        if (e != last_error_)
            notice_(LOG_WARNING, "table name: " + (last_error_ = e));
}

} // namespace xgw::daemon
