#include <xgw/ppp/LinkStateDir.h>

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace xgw::ppp {
namespace fs = std::filesystem;
namespace {

pid_t read_pid(const std::string& path) {
    std::ifstream in(path);
    long pid = -1;
    if (!(in >> pid) || pid <= 0)
        return -1;
    return static_cast<pid_t>(pid);
}

bool alive(pid_t pid) { return pid > 0 && (kill(pid, 0) == 0 || errno == EPERM); }

} // namespace

Result<LinkStateDir> LinkStateDir::claim(const std::string& run_dir, const std::string& link) {
    if (link.empty() || link.find('/') != std::string::npos)
        return make_error(Errc::Usage, "bad link name '" + link + "'");
    std::error_code ec;
    fs::create_directories(run_dir, ec);
    if (ec)
        return Error::from_errno(ec.value(), "cannot create " + run_dir);
    const std::string pid_path = run_dir + "/" + link + ".pid";
    if (pid_t owner = read_pid(pid_path); alive(owner) && owner != getpid())
        return make_error(Errc::Conflict, "link '" + link + "' is already run by process " +
                                              std::to_string(owner));
    std::ofstream(pid_path) << getpid() << '\n';
    return LinkStateDir(pid_path, run_dir + "/" + link + ".json");
}

LinkStateDir::~LinkStateDir() {
    if (pid_path_.empty())
        return;
    std::error_code ec;
    fs::remove(pid_path_, ec);
    fs::remove(state_path_, ec);
}

std::string LinkStateDir::path_of(const std::string& suffix) const {
    return state_path_.substr(0, state_path_.size() - 5) + suffix;
}

void LinkStateDir::write(const std::string& json) const {
    const std::string tmp = state_path_ + ".tmp";
    std::ofstream(tmp) << json << '\n';
    std::error_code ec;
    fs::rename(tmp, state_path_, ec);
}

Result<std::vector<std::string>> read_link_states(const std::string& run_dir) {
    std::vector<std::string> states;
    std::error_code ec;
    if (!fs::exists(run_dir, ec))
        return states;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(run_dir, ec))
        if (e.path().extension() == ".json")
            files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        auto pid_path = f;
        pid_path.replace_extension(".pid");
        if (!alive(read_pid(pid_path)))
            continue; // left by a process that died without cleaning up
        std::ifstream in(f);
        std::stringstream ss;
        ss << in.rdbuf();
        states.push_back(ss.str());
    }
    return states;
}

Result<pid_t> link_pid(const std::string& run_dir, const std::string& link) {
    pid_t pid = read_pid(run_dir + "/" + link + ".pid");
    if (!alive(pid))
        return make_error(Errc::NotFound, "no running link '" + link + "' in " + run_dir);
    return pid;
}

} // namespace xgw::ppp
