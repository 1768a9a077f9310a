#include <xgw/Process.h>

#include <cerrno>
#include <csignal>
#include <fstream>
#include <string>

namespace xgw {

bool process_alive(pid_t pid) {
    if (pid <= 0 || (::kill(pid, 0) != 0 && errno != EPERM))
        return false;
    // /proc/PID/stat: "PID (COMM) STATE ..."; COMM may hold spaces and parentheses.
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto close = stat.rfind(')');
    if (close == std::string::npos || close + 2 >= stat.size())
        return true; // no /proc to ask: kill's answer stands
    const char state = stat[close + 2];
    return state != 'Z' && state != 'X';
}

} // namespace xgw
