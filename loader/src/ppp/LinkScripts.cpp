#include <xgw/ppp/LinkScripts.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>

namespace xgw::ppp {

bool LinkScripts::start(const std::string& path, const std::vector<std::string>& args,
                        const ScriptEnv& env) {
    if (access(path.c_str(), X_OK) != 0)
        return false;
    wait_all();
    pid_t pid = fork();
    if (pid < 0)
        return false;
    if (pid == 0) {
        // pppd gives scripts a fresh environment: PATH and its own variables, nothing inherited.
        clearenv();
        setenv("PATH", "/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin", 1);
        for (const auto& [k, v] : env)
            setenv(k.c_str(), v.c_str(), 1);
        std::vector<char*> argv = {const_cast<char*>(path.c_str())};
        for (const auto& a : args)
            argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(path.c_str(), argv.data());
        _exit(127);
    }
    running_.push_back(pid);
    return true;
}

void LinkScripts::reap() {
    std::erase_if(running_, [](pid_t p) { return waitpid(p, nullptr, WNOHANG) == p; });
}

void LinkScripts::wait_all() {
    for (pid_t p : running_)
        while (waitpid(p, nullptr, 0) < 0 && errno == EINTR) {
        }
    running_.clear();
}

} // namespace xgw::ppp
