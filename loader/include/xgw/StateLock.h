// The writers' lock of one network namespace's xgw state. Every change that reads state,
// modifies it and switches to it holds this lock, so changes from concurrent processes apply
// one after the other and none is lost. Readers take no lock: they read one whole generation.
#pragma once

#include <xgw/Result.h>
#include <xgw/bpf/PinPaths.h>

#include <chrono>
#include <optional>
#include <string>
#include <utility>

namespace xgw {

class StateLock {
  public:
    using Wait = std::optional<std::chrono::milliseconds>; // nullopt: as long as it takes

    // How long acquire waits for a busy lock when the caller names no wait: a choice of the
    // whole process (the CLI's -w/--wait), like iptables' xtables lock.
    static void set_default_wait(Wait wait);
    static constexpr std::chrono::milliseconds kShortWait{3000};

    // Takes the namespace's lock (an flock on its state directory, made if missing, which the
    // kernel releases when the holder dies). Re-entrant within one process. A lock still busy
    // after the wait is a Conflict that names the holder's pid and command line.
    static Result<StateLock> acquire(const PinPaths& paths);
    static Result<StateLock> acquire(const PinPaths& paths, Wait wait);

    // Runs change (which returns a Result) holding the lock; a busy lock is change's error.
    template <class Change> static auto with(const PinPaths& paths, Change&& change) {
        return with(paths, std::nullopt, std::forward<Change>(change), false);
    }
    template <class Change> static auto with(const PinPaths& paths, Wait wait, Change&& change) {
        return with(paths, wait, std::forward<Change>(change), true);
    }

    StateLock(StateLock&& other) noexcept : root_(std::move(other.root_)) { other.root_.clear(); }
    StateLock& operator=(StateLock&&) = delete;
    StateLock(const StateLock&) = delete;
    ~StateLock();

  private:
    template <class Change>
    static auto with(const PinPaths& paths, Wait wait, Change&& change, bool wait_named) {
        auto lock = wait_named ? acquire(paths, wait) : acquire(paths);
        using Out = decltype(change());
        return lock ? change() : Out(lock.error());
    }
    explicit StateLock(std::string root) : root_(std::move(root)) {}
    std::string root_; // empty when moved from
};

} // namespace xgw
