#include <xgw/daemon/DaemonRecord.h>

#include <xgw/Netns.h>

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>

#include <fstream>

namespace xgw::daemon {

namespace fs = std::filesystem;

namespace {

fs::path lock_file(const fs::path& dir) {
    return dir / "xgwd.lock";
}
fs::path report_file(const fs::path& dir) {
    return dir / "xgwd.json";
}

nlohmann::json to_json(const DaemonReport& r) {
    nlohmann::json counters = nlohmann::json::object();
    for (const auto& [name, value] : r.counters)
        counters[name] = value;
    return {{"pid", r.pid},
            {"started_unix", r.started_unix},
            {"interfaces", r.interfaces},
            {"metrics", r.metrics},
            {"syslog", r.syslog},
            {"follows_links", r.follows_links},
            {"follows_addresses", r.follows_addresses},
            {"counters", counters}};
}

DaemonReport from_json(const nlohmann::json& j) {
    DaemonReport r;
    r.pid = j.value("pid", 0);
    r.started_unix = j.value("started_unix", std::int64_t(0));
    r.interfaces = j.value("interfaces", std::vector<std::string>{});
    r.metrics = j.value("metrics", "");
    r.syslog = j.value("syslog", "");
    r.follows_links = j.value("follows_links", false);
    r.follows_addresses = j.value("follows_addresses", false);
    if (auto c = j.find("counters"); c != j.end() && c->is_object())
        for (auto it = c->begin(); it != c->end(); ++it)
            r.counters.emplace_back(it.key(), it->get<std::uint64_t>());
    return r;
}

Result<std::optional<DaemonReport>> read_report(const fs::path& dir) {
    std::ifstream in(report_file(dir));
    if (!in)
        return make_error(Errc::NotFound,
                          "xgwd runs but has not written " + report_file(dir).string() + " yet");
    auto j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_discarded())
        return make_error(Errc::Failed, report_file(dir).string() + " is not JSON");
    return std::optional<DaemonReport>(from_json(j));
}

} // namespace

std::string report_json(const DaemonReport& report) { return to_json(report).dump(); }

Result<fs::path> run_dir_of_current_netns(const fs::path& base) {
    auto cookie = current_netns_cookie();
    if (!cookie)
        return cookie.error();
    return base / ("ns-" + std::to_string(*cookie));
}

namespace {

// Whether fd is still the file at path: a holder that leaves removes the file, and a process
// that opened it just before holds a lock nobody else will ever test.
bool still_there(int fd, const fs::path& path) {
    struct stat held {
    }, now{};
    return ::fstat(fd, &held) == 0 && ::stat(path.c_str(), &now) == 0 &&
           held.st_ino == now.st_ino && held.st_dev == now.st_dev;
}

} // namespace

Result<DaemonLock> DaemonLock::acquire(const fs::path& dir) {
    for (;;) {
        std::error_code ec;
        fs::create_directories(dir, ec);
        if (ec)
            return Error::from_errno(ec.value(), "create " + dir.string());
        UniqueFd fd(::open(lock_file(dir).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
        if (!fd)
            return Error::from_errno(errno, "open " + lock_file(dir).string());
        if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
            if (errno != EWOULDBLOCK)
                return Error::from_errno(errno, "lock " + lock_file(dir).string());
            auto other = read_report(dir);
            std::string who = other && *other ? " (pid " + std::to_string((*other)->pid) + ")" : "";
            return make_error(Errc::Conflict, "xgwd already runs in this network namespace" + who +
                                                  ": " + lock_file(dir).string() + " is locked");
        }
        if (still_there(fd.get(), lock_file(dir)))
            return DaemonLock(dir, std::move(fd));
    }
}

// Leaves nothing behind: the report, the lock file (removed while still held, so a successor
// that opened it meanwhile finds it gone and starts over) and the directory if empty.
DaemonLock::~DaemonLock() {
    if (!fd_)
        return;
    std::error_code ec;
    fs::remove(report_file(dir_), ec);
    fs::remove(lock_file(dir_), ec);
    fs::remove(dir_, ec);
}

Result<void> DaemonLock::publish(const DaemonReport& report) const {
    const fs::path tmp = dir_ / "xgwd.json.tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << report_json(report) << "\n";
        if (!out)
            return make_error(Errc::Failed, "write " + tmp.string());
    }
    std::error_code ec;
    fs::rename(tmp, report_file(dir_), ec);
    if (ec)
        return Error::from_errno(ec.value(), "rename " + tmp.string());
    return {};
}

Result<std::optional<DaemonReport>> running_daemon(const fs::path& dir) {
    UniqueFd fd(::open(lock_file(dir).c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd)
        return std::optional<DaemonReport>{};
    if (::flock(fd.get(), LOCK_SH | LOCK_NB) == 0)
        return std::optional<DaemonReport>{}; // nobody holds it
    if (errno != EWOULDBLOCK)
        return Error::from_errno(errno, "test " + lock_file(dir).string());
    return read_report(dir);
}

} // namespace xgw::daemon
