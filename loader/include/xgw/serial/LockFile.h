// UUCP lock files (/var/lock/LCK..ttyS0 holding the owner's PID as ten digits), as
// minicom, pppd, cu and lockdev write them.
#pragma once

#include <xgw/Result.h>

#include <string>
#include <sys/types.h>

namespace xgw::serial {

constexpr const char* kDefaultLockDir = "/var/lock";

class LockFile {
  public:
    // Takes the lock of a device for this process; a lock whose owner is gone is removed
    // first. Errc::Conflict, naming the owner's PID, when a live process holds it.
    static Result<LockFile> acquire(const std::string& device, const std::string& lock_dir);
    // "LCK..ttyS0" for /dev/ttyS0, "LCK..pts_3" for /dev/pts/3.
    static std::string lock_name(const std::string& device);
    // The PID written in a lock file, or -1 when it cannot be read.
    static pid_t read_owner(const std::string& path);

    LockFile(LockFile&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
    LockFile& operator=(LockFile&&) = delete;
    LockFile(const LockFile&) = delete;
    ~LockFile();

    const std::string& path() const { return path_; }

  private:
    explicit LockFile(std::string path) : path_(std::move(path)) {}
    static Result<bool> try_create(const std::string& path);

    std::string path_;
};

} // namespace xgw::serial
