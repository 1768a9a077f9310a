// xgw ppp: PPP in user space over a TUN device, with pppd's options files and names.
#include "Commands.h"

#include <xgw/ppp/LinkStateDir.h>
#include <xgw/ppp/PppSession.h>

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <iostream>
#include <thread>

namespace xgw::cli {
namespace {

struct PppDirs {
    std::string ppp_dir = "/etc/ppp";
    std::string run_dir = ppp::kDefaultRunDir;
    std::string lock_dir = serial::kDefaultLockDir;
};

PppDirs dirs;

enum class Start { Open, Answer, Call };

ppp::SessionLog make_log(const ppp::PppOptions& o) {
    auto file = std::make_shared<std::ofstream>();
    if (!o.logfile.empty())
        file->open(o.logfile, std::ios::app);
    const bool to_stderr = o.nodetach || o.debug;
    return [file, to_stderr](const std::string& m) {
        if (to_stderr)
            std::cerr << "xgw ppp: " << m << std::endl;
        if (file->is_open()) {
            std::time_t t = std::time(nullptr);
            char when[32];
            std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", std::localtime(&t));
            *file << when << ' ' << m << std::endl;
        }
    };
}

Result<ppp::PppOptions> gather(Start start, const std::vector<std::string>& words) {
    ppp::PppFiles files{dirs.ppp_dir, ""};
    if (const char* home = getenv("HOME"))
        files.home_rc = std::string(home) + "/.ppprc";
    auto o = ppp::default_options(files);
    if (!o)
        return o.error();
    std::vector<std::string> cmdline = words;
    if (start == Start::Call) {
        if (words.empty())
            return make_error(Errc::Usage, "ppp call needs a PEER (a file in " + dirs.ppp_dir + "/peers)");
        cmdline.insert(cmdline.begin(), "call");
    } else if (words.empty()) {
        return make_error(Errc::Usage, "ppp open and ppp answer need a DEVICE");
    }
    if (start == Start::Answer)
        o->link.lcp_limits.passive = true;
    if (auto r = ppp::apply_options(*o, cmdline, "command line", files); !r)
        return r.error();
    if (auto r = ppp::finish_options(*o, files); !r)
        return r.error();
    return o;
}

// pppd leaves the terminal once the options are good, unless nodetach.
void detach() {
    if (fork() > 0)
        _exit(0);
    setsid();
    int null = open("/dev/null", O_RDWR);
    for (int fd : {0, 1, 2})
        dup2(null, fd);
    if (null > 2)
        close(null);
}

void add_start(CLI::App& ppp, Context& ctx, Start start, const char* name, const char* what) {
    auto* cmd = ppp.add_subcommand(name, what);
    cmd->prefix_command();
    cmd->allow_extras();
    cmd->footer(start == Start::Call ? "Usage: xgw ppp call PEER [PPPD-OPTIONS...]"
                                     : std::string("Usage: xgw ppp ") + name +
                                           " DEVICE [PPPD-OPTIONS...]");
    cmd->callback([cmd, &ctx, start] {
        auto o = gather(start, cmd->remaining());
        if (!o) {
            ctx.exit_code = report(o.error());
            return;
        }
        if (!o->nodetach)
            detach();
        ppp::PppSession session(std::move(*o), dirs.run_dir, dirs.lock_dir, make_log(*o));
        ctx.exit_code = session.run();
    });
}

void print_status(const nlohmann::json& s) {
    std::cout << s.value("link", "") << ": " << s.value("phase", "") << "  device "
              << s.value("device", "") << "  interface " << s.value("interface", "-") << "  pid "
              << s.value("pid", 0) << '\n';
    if (!s.contains("lcp"))
        return;
    const auto& l = s["lcp"];
    std::cout << "  lcp " << l.value("state", "") << "  mru " << l.value("our_mru", 0)
              << "/peer " << l.value("peer_mru", 0) << "  auth of peer "
              << l.value("auth_of_peer", "") << ", of us " << l.value("auth_of_us", "")
              << (s.value("peer_name", "").empty() ? "" : "  peer " + s.value("peer_name", ""))
              << '\n';
    const auto& e = l["echo"];
    std::cout << "  echo every " << e.value("interval", 0) << "s, fail after "
              << e.value("failure", 0) << ": sent " << e.value("sent", 0) << ", replies "
              << e.value("replies", 0) << ", pending " << e.value("pending", 0) << '\n';
    const auto& ip = s["ipcp"];
    std::cout << "  ipcp " << ip.value("state", "") << "  local " << ip.value("local", "-")
              << "  remote " << ip.value("remote", "-");
    for (const auto& d : ip["dns"])
        std::cout << "  dns " << d.get<std::string>();
    std::cout << '\n';
    if (s.contains("ipv6cp"))
        std::cout << "  ipv6cp " << s["ipv6cp"].value("state", "") << "  local "
                  << s["ipv6cp"].value("local", "-") << "  remote "
                  << s["ipv6cp"].value("remote", "-") << '\n';
    const auto& c = s["counters"];
    const auto& f = s["frames"];
    std::cout << "  in " << c.value("packets_in", 0) << " packets " << c.value("bytes_in", 0)
              << " bytes  out " << c.value("packets_out", 0) << " packets "
              << c.value("bytes_out", 0) << " bytes  discarded " << c.value("discarded", 0)
              << '\n'
              << "  frames good " << f.value("good", 0) << "  bad fcs " << f.value("bad_fcs", 0)
              << "  too long " << f.value("too_long", 0) << "  too short "
              << f.value("too_short", 0) << "  aborted " << f.value("aborted", 0)
              << "  bad header " << f.value("bad_header", 0) << '\n';
}

Result<void> status(const std::string& link, bool json) {
    auto states = ppp::read_link_states(dirs.run_dir);
    if (!states)
        return states.error();
    nlohmann::json all = nlohmann::json::array();
    for (const auto& text : *states) {
        auto s = nlohmann::json::parse(text, nullptr, false);
        if (!s.is_discarded() && (link.empty() || s.value("link", "") == link))
            all.push_back(s);
    }
    if (!link.empty() && all.empty())
        return make_error(Errc::NotFound, "no running link '" + link + "' in " + dirs.run_dir);
    if (json) {
        print_json(all);
        return {};
    }
    if (all.empty())
        std::cout << "no PPP links running\n";
    for (const auto& s : all)
        print_status(s);
    return {};
}

Result<void> hangup(const std::string& link) {
    auto pid = ppp::link_pid(dirs.run_dir, link);
    if (!pid)
        return pid.error();
    if (kill(*pid, SIGTERM) < 0)
        return Error::from_errno(errno, "cannot signal process " + std::to_string(*pid));
    // The link says goodbye (Terminate-Request, retransmitted) before the process ends.
    for (int i = 0; i < 300 && kill(*pid, 0) == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return {};
}

} // namespace

void add_ppp(CLI::App& app, Context& ctx) {
    auto* ppp = app.add_subcommand("ppp", "PPP in user space over a TUN device (pppd's options)");
    ppp->require_subcommand(1);
    ppp->add_option("--ppp-dir", dirs.ppp_dir,
                    "Where options, peers/, pap-secrets, chap-secrets and ip-up live (/etc/ppp)");
    ppp->add_option("--run-dir", dirs.run_dir, "Pid and state files of running links (/run/xgw/ppp)");
    ppp->add_option("--lock-dir", dirs.lock_dir, "UUCP lock files, with the lock option (/var/lock)");
    add_start(*ppp, ctx, Start::Open, "open", "Open a link on DEVICE and negotiate actively");
    add_start(*ppp, ctx, Start::Answer, "answer",
              "Answer on DEVICE: the passive side, for a server or a null-modem peer");
    add_start(*ppp, ctx, Start::Call, "call", "Dial a peer described in PPP-DIR/peers/PEER");

    static std::string status_link;
    static bool json = false;
    auto* st = ppp->add_subcommand("status", "Phase, negotiated options, addresses and counters");
    st->add_option("LINK", status_link, "Only this link");
    st->add_flag("--json", json, "JSON output");
    on_run(st, ctx, [] { return status(status_link, json); });

    static std::string hangup_link;
    auto* hu = ppp->add_subcommand("hangup", "End a running link (as pppd's SIGTERM)");
    hu->add_option("LINK", hangup_link, "The link's name (linkname, else the interface or device)")
        ->required();
    on_run(hu, ctx, [] { return hangup(hangup_link); });
}

} // namespace xgw::cli
