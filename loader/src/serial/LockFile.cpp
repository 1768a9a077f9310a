#include <xgw/serial/LockFile.h>

#include <xgw/Process.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace xgw::serial {

std::string LockFile::lock_name(const std::string& device) {
    std::string name = device.rfind("/dev/", 0) == 0 ? device.substr(5)
                                                      : device.substr(device.rfind('/') + 1);
    for (char& c : name)
        if (c == '/')
            c = '_';
    return "LCK.." + name;
}

pid_t LockFile::read_owner(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    char buf[32] = {};
    ssize_t n = ::read(fd, buf, sizeof buf - 1);
    ::close(fd);
    if (n <= 0)
        return -1;
    // Old Kermit-style locks hold the PID as a binary int of four bytes.
    if (n == 4 && (buf[0] < '0' || buf[0] > '9') && buf[0] != ' ') {
        int pid;
        std::memcpy(&pid, buf, sizeof pid);
        return pid;
    }
    return static_cast<pid_t>(std::strtol(buf, nullptr, 10));
}

// Writes a private file, then links it into place: the link either wins or fails whole.
Result<bool> LockFile::try_create(const std::string& path) {
    std::string tmp = path + ".xgw." + std::to_string(getpid());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return Error::from_errno(errno, "cannot create lock file " + tmp);
    char text[16];
    int len = std::snprintf(text, sizeof text, "%10d\n", static_cast<int>(getpid()));
    bool written = ::write(fd, text, static_cast<std::size_t>(len)) == len;
    ::close(fd);
    int linked = written ? ::link(tmp.c_str(), path.c_str()) : -1;
    int err = errno;
    ::unlink(tmp.c_str());
    if (!written)
        return Error::from_errno(err, "cannot write lock file " + tmp);
    if (linked == 0)
        return true;
    if (err == EEXIST)
        return false;
    return Error::from_errno(err, "cannot create lock file " + path);
}

Result<LockFile> LockFile::acquire(const std::string& device, const std::string& lock_dir) {
    std::string path = lock_dir + "/" + lock_name(device);
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto created = try_create(path);
        if (!created)
            return created.error();
        if (*created)
            return LockFile(path);
        pid_t owner = read_owner(path);
        if (owner == getpid())
            return make_error(Errc::Conflict, device + " is already locked by this process (" + path + ")");
        if (process_alive(owner))
            return make_error(Errc::Conflict, device + " is locked by process " +
                                                  std::to_string(owner) + " (" + path + ")");
        // The owner is gone: the lock is stale.
        if (::unlink(path.c_str()) < 0 && errno != ENOENT)
            return Error::from_errno(errno, "cannot remove stale lock " + path);
    }
    return make_error(Errc::Conflict, device + ": lock " + path + " keeps reappearing");
}

LockFile::~LockFile() {
    if (!path_.empty() && read_owner(path_) == getpid())
        ::unlink(path_.c_str());
}

} // namespace xgw::serial
