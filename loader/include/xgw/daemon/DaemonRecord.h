// xgwd's place in the run directory of its network namespace (/run/xgw/ns-<cookie>/): the lock
// that lets one xgwd run per namespace, and the report `xgw status` shows.
#pragma once

#include <xgw/Result.h>
#include <xgw/UniqueFd.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <sys/types.h>

namespace xgw::daemon {

inline constexpr const char* kDefaultRunBase = "/run/xgw";

struct DaemonReport {
    pid_t pid = 0;
    std::int64_t started_unix = 0;       // seconds since the epoch
    std::vector<std::string> interfaces; // the interfaces it looks after
    std::string metrics;                 // listen address, empty: none
    std::string syslog;                  // socket path, empty: not logging
    bool follows_links = false;
    bool follows_addresses = false;
    std::vector<std::pair<std::string, std::uint64_t>> counters; // name, value
};

// The report as JSON text (pid, started_unix, interfaces, metrics, syslog, follows_links,
// follows_addresses, counters): what xgwd.json holds and `xgw status --json` shows.
std::string report_json(const DaemonReport& report);

// The run directory of the current network namespace under base.
Result<std::filesystem::path> run_dir_of_current_netns(const std::filesystem::path& base);

class DaemonLock {
  public:
    // Takes xgwd's lock in dir (made if missing); a Conflict naming the holder's pid when
    // another xgwd holds it. The kernel releases it when the holder dies, however it dies.
    static Result<DaemonLock> acquire(const std::filesystem::path& dir);
    DaemonLock(DaemonLock&&) noexcept = default;
    ~DaemonLock();

    // Replaces the report in one step (write and rename), so a reader never sees half of one.
    Result<void> publish(const DaemonReport& report) const;

  private:
    DaemonLock(std::filesystem::path dir, UniqueFd fd) : dir_(std::move(dir)), fd_(std::move(fd)) {}
    std::filesystem::path dir_;
    UniqueFd fd_;
};

// The report of the xgwd that runs in dir now; nullopt when none does (a report left by a
// killed one is ignored: its lock is free).
Result<std::optional<DaemonReport>> running_daemon(const std::filesystem::path& dir);

} // namespace xgw::daemon
