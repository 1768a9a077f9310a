#include <xgw/UniqueFd.h>
#include <xgw/dns/AtomicFile.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace xgw::dns {
namespace {

Result<void> write_all(int fd, std::string_view text, const std::string& what) {
    while (!text.empty()) {
        auto n = ::write(fd, text.data(), text.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return Error::from_errno(errno, "write " + what);
        text.remove_prefix(static_cast<std::size_t>(n));
    }
    return {};
}

std::string dir_of(const std::string& path) {
    auto slash = path.rfind('/');
    if (slash == std::string::npos)
        return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

// The file a write lands in: the link's target when links are followed.
Result<std::string> target_of(const std::string& path, SymlinkPolicy symlinks) {
    struct stat st {};
    if (symlinks == SymlinkPolicy::Replace || ::lstat(path.c_str(), &st) != 0 ||
        !S_ISLNK(st.st_mode))
        return path;
    char buf[PATH_MAX];
    if (!::realpath(path.c_str(), buf))
        return Error::from_errno(errno, "resolve link " + path);
    return std::string(buf);
}

} // namespace

Result<std::string> read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Error::from_errno(errno ? errno : ENOENT, "read " + path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

Result<void> write_file_atomic(const std::string& path, std::string_view text,
                               SymlinkPolicy symlinks) {
    auto target = target_of(path, symlinks);
    if (!target)
        return target.error();
    struct stat old {};
    bool existed = ::stat(target->c_str(), &old) == 0 && S_ISREG(old.st_mode);
    if (symlinks == SymlinkPolicy::Replace) {
        struct stat link {};
        existed = existed && ::lstat(target->c_str(), &link) == 0 && S_ISREG(link.st_mode);
    }
    auto dir = dir_of(*target);
    std::string tmp = *target + ".xgw-XXXXXX";
    UniqueFd fd(::mkstemp(tmp.data()));
    if (!fd)
        return Error::from_errno(errno, "create a temporary file in " + dir);
    auto fail = [&](Error e) -> Result<void> {
        ::unlink(tmp.c_str());
        return e;
    };
    if (auto ok = write_all(fd.get(), text, tmp); !ok)
        return fail(ok.error());
    mode_t mode = existed ? (old.st_mode & 07777) : 0644;
    if (::fchmod(fd.get(), mode) != 0)
        return fail(Error::from_errno(errno, "chmod " + tmp));
    if (existed && ::fchown(fd.get(), old.st_uid, old.st_gid) != 0)
        return fail(Error::from_errno(errno, "chown " + tmp));
    if (::fsync(fd.get()) != 0)
        return fail(Error::from_errno(errno, "fsync " + tmp));
    if (::rename(tmp.c_str(), target->c_str()) != 0)
        return fail(Error::from_errno(errno, "rename " + tmp + " to " + *target));
    // The rename itself is durable only once the directory is.
    UniqueFd dfd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dfd)
        ::fsync(dfd.get());
    return {};
}

} // namespace xgw::dns
