// pppd's options, from its files (/etc/ppp/options, ~/.ppprc, /etc/ppp/peers/NAME, `file`,
// `call`) and the command line, with pppd's names and meanings. Unknown options are errors
// that name file:line.
#pragma once

#include <xgw/Result.h>
#include <xgw/ppp/PppLink.h>

#include <string>
#include <vector>

namespace xgw::ppp {

struct PppOptions {
    LinkConfig link;
    std::string device;       // "" until named
    std::uint32_t speed = 0;  // 0: leave the line's speed alone
    bool lock = false;
    bool modem = true;        // modem control lines (local turns them off)
    bool crtscts = false;
    std::string connect;      // run with the line on stdin/stdout before LCP
    std::string disconnect;
    bool persist = false;
    int holdoff = 1;          // seconds before redialling (pppd's default)
    int maxfail = 10;         // consecutive failed attempts before giving up, 0 never
    int idle = 0;             // seconds without data packets before hanging up, 0 never
    bool defaultroute = false;
    bool debug = false;
    bool nodetach = false;
    std::string logfile;
    std::string ipparam;
    std::string ifname;       // "" gives ppp%d
    std::string linkname;     // names the pid and state files; default the interface
    std::string ip_up = "ip-up", ip_down = "ip-down";       // relative to the ppp directory
    std::string ipv6_up = "ipv6-up", ipv6_down = "ipv6-down";
    std::string call_file;    // the peers file, when `call` was used
};

// Where pppd keeps its files (/etc/ppp): options, peers/, pap-secrets, chap-secrets, ip-up...
struct PppFiles {
    std::string dir = "/etc/ppp";
    std::string home_rc; // ~/.ppprc, "" when there is no home
};

// Applies words as pppd does, in order; origin names them in errors ("cmdline", a file).
Result<void> apply_options(PppOptions& options, const std::vector<std::string>& words,
                           const std::string& origin, const PppFiles& files);
// Reads and applies a file; a missing file is an error unless optional.
Result<void> apply_options_file(PppOptions& options, const std::string& path,
                                const PppFiles& files, bool optional = false);
// What pppd reads before the command line: /etc/ppp/options and ~/.ppprc, then the secrets.
Result<PppOptions> default_options(const PppFiles& files);
// After every option: the secrets files of the directory, defaults that depend on others.
Result<void> finish_options(PppOptions& options, const PppFiles& files);

} // namespace xgw::ppp
