#include <xgw/StateLock.h>

#include <xgw/UniqueFd.h>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

namespace xgw {

namespace {

struct Held {
    UniqueFd fd;
    int depth = 0;
};

// Re-entrant per thread: threads of one process hold separate descriptors, which flock
// serialises like separate processes.
thread_local std::map<std::string, Held> t_held; // by state directory
std::mutex g_wait_mutex;
StateLock::Wait g_default_wait = StateLock::kShortWait;

// "PID (COMMAND LINE)" of the process /proc/locks names as the holder of the flock on st's
// inode, or "" when it has gone meanwhile.
std::string holder_of(const struct stat& st) {
    std::ifstream locks("/proc/locks");
    char want[64];
    std::snprintf(want, sizeof want, "%02x:%02x:%llu", major(st.st_dev), minor(st.st_dev),
                  static_cast<unsigned long long>(st.st_ino));
    for (std::string line; std::getline(locks, line);) {
        std::istringstream in(line);
        std::string id, kind, mode, access, pid, where;
        in >> id >> kind;
        if (kind == "->") // a process waiting, not the holder
            continue;
        in >> mode >> access >> pid >> where;
        if (kind != "FLOCK" || where != want)
            continue;
        std::ifstream cmdline("/proc/" + pid + "/cmdline");
        std::string args((std::istreambuf_iterator<char>(cmdline)), std::istreambuf_iterator<char>());
        while (!args.empty() && args.back() == '\0')
            args.pop_back();
        for (char& c : args)
            if (c == '\0')
                c = ' ';
        return "pid " + pid + " (" + (args.empty() ? "?" : args) + ")";
    }
    return "";
}

// One attempt: the lock of the directory that is at root now (a holder that removed the
// directory before letting go leaves its waiters a lock on a dead inode, so check).
Result<std::optional<UniqueFd>> try_lock(const std::string& root, struct stat* locked) {
    if (auto ok = ensure_bpffs(root); !ok)
        return ok.error();
    UniqueFd fd(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd)
        return Error::from_errno(errno, "open " + root + " to lock it");
    if (::fstat(fd.get(), locked) != 0)
        return Error::from_errno(errno, "stat " + root);
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK)
            return Error::from_errno(errno, "lock " + root);
        return std::optional<UniqueFd>{};
    }
    struct stat now {};
    if (::stat(root.c_str(), &now) != 0 || now.st_ino != locked->st_ino ||
        now.st_dev != locked->st_dev)
        return std::optional<UniqueFd>{};
    return std::optional<UniqueFd>(std::move(fd));
}

Result<UniqueFd> lock_directory(const std::string& root, StateLock::Wait wait) {
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    for (;;) {
        struct stat locked {};
        auto fd = try_lock(root, &locked);
        if (!fd)
            return fd.error();
        if (*fd)
            return std::move(**fd);
        if (wait && Clock::now() - start >= *wait) {
            std::string holder = holder_of(locked);
            auto secs = std::chrono::duration<double>(*wait).count();
            char waited[32];
            std::snprintf(waited, sizeof waited, "%g", secs);
            return make_error(Errc::Conflict,
                              "another xgw is changing this namespace's state" +
                                  (holder.empty() ? std::string() : ": " + holder) +
                                  "; gave up after " + waited +
                                  " s (-w/--wait [SECONDS] waits longer)");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

} // namespace

void StateLock::set_default_wait(Wait wait) {
    std::lock_guard guard(g_wait_mutex);
    g_default_wait = wait;
}

Result<StateLock> StateLock::acquire(const PinPaths& paths) {
    Wait wait;
    {
        std::lock_guard guard(g_wait_mutex);
        wait = g_default_wait;
    }
    return acquire(paths, wait);
}

Result<StateLock> StateLock::acquire(const PinPaths& paths, Wait wait) {
    std::string root = paths.root().string();
    Held& held = t_held[root];
    if (held.depth == 0) {
        auto fd = lock_directory(root, wait);
        if (!fd) {
            t_held.erase(root);
            return fd.error();
        }
        held.fd = std::move(*fd);
    }
    held.depth++;
    return StateLock(std::move(root));
}

StateLock::~StateLock() {
    if (root_.empty())
        return;
    auto it = t_held.find(root_);
    if (it == t_held.end() || --it->second.depth > 0)
        return;
    // A writer that found nothing to change leaves no empty directory behind; one with state
    // in it stays (rmdir refuses). Still under the lock, so no other writer is filling it.
    ::rmdir(root_.c_str());
    t_held.erase(it);
}

} // namespace xgw
