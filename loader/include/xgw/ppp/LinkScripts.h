// ip-up, ip-down, ipv6-up, ipv6-down as pppd runs them: only when the file exists, with the
// arguments "interface tty speed local remote ipparam" and pppd's environment, in the
// background (a later script of the link waits for the earlier one, as ip-down waits for ip-up).
#pragma once

#include <map>
#include <string>
#include <sys/types.h>
#include <vector>

namespace xgw::ppp {

using ScriptEnv = std::map<std::string, std::string>;

class LinkScripts {
  public:
    ~LinkScripts() { wait_all(); }
    // Returns false when the script does not exist (nothing ran).
    bool start(const std::string& path, const std::vector<std::string>& args, const ScriptEnv& env);
    // Collects finished children without blocking.
    void reap();
    void wait_all();

  private:
    std::vector<pid_t> running_;
};

} // namespace xgw::ppp
