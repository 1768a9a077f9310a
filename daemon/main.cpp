// xgwd: the long-running face of libxgw (xgw::daemon). This file parses options, prints the
// daemon's notices and turns errors into exit codes; the behaviour is in the library.
#include <xgw/Log.h>
#include <xgw/Netns.h>
#include <xgw/Privileges.h>
#include <xgw/daemon/Capabilities.h>
#include <xgw/daemon/ConfigDuties.h>
#include <xgw/daemon/Daemon.h>

#include <CLI/CLI.hpp>

#include <linux/capability.h>
#include <syslog.h>

#include <algorithm>
#include <iostream>

using namespace xgw;
using namespace xgw::daemon;

namespace {

struct Args {
    std::string config;
    std::vector<std::string> interfaces;
    std::string mode = "auto";
    std::string metrics;
    bool syslog = false;
    std::string syslog_socket = "/dev/log";
    double log_rate = 100;
    double log_burst = 200;
    bool no_addresses = false;
    std::string run_dir = kDefaultRunBase;
    std::string netns;
    bool keep_capabilities = false;
};

void print_notice(int severity, const std::string& message) {
    // "<N>" leads each line: journald takes it as the priority (SyslogLevelPrefix=).
    std::cerr << "<" << severity << ">xgwd: " << message << std::endl;
}

LogForwarderOptions syslog_options(const Args& a) {
    return {a.syslog_socket, a.log_rate, a.log_burst};
}

// What the command line alone asks xgwd to look after.
Duties duties_from_command_line(const Args& a) {
    Duties d;
    const XdpMode mode = a.mode == "native"    ? XdpMode::Native
                         : a.mode == "generic" ? XdpMode::Generic
                                               : XdpMode::Auto;
    for (const auto& name : a.interfaces) {
        AttachOptions o;
        o.mode = mode;
        d.interfaces.push_back({name, o});
    }
    if (!a.metrics.empty())
        d.metrics_listen = a.metrics;
    if (a.syslog)
        d.syslog = syslog_options(a);
    d.follow_addresses = !a.no_addresses;
    return d;
}

// The duties at start and on SIGHUP: with --config the file is applied first (all of it or,
// on an error, nothing) and its duties taken; the command line's interfaces are added to
// them, and its --metrics and --syslog win.
Result<Duties> duties(const Args& a) {
    Duties cli = duties_from_command_line(a);
    if (a.config.empty())
        return cli;
    auto d = apply_config(a.config, syslog_options(a), print_notice);
    if (!d)
        return d.error();
    for (auto& i : cli.interfaces) {
        auto same = [&i](const InterfaceDuty& o) { return o.name == i.name; };
        if (std::none_of(d->interfaces.begin(), d->interfaces.end(), same))
            d->interfaces.push_back(std::move(i));
    }
    if (cli.metrics_listen)
        d->metrics_listen = cli.metrics_listen;
    if (cli.syslog)
        d->syslog = cli.syslog;
    d->follow_addresses = cli.follow_addresses;
    return d;
}

int fail(const Error& e) {
    print_notice(LOG_ERR, e.message);
    return static_cast<int>(e.kind);
}

// What xgwd keeps after start: CAP_NET_ADMIN (rtnetlink, XDP and tc attachment) and CAP_BPF
// (maps, and loading programs for an interface that returns). Loading and attaching were
// checked without CAP_PERFMON and CAP_SYS_ADMIN (xgwd uses no bpf object ids); CAP_NET_RAW
// is not needed (no raw sockets). With --config, CAP_PERFMON too: a reload stages the new
// ruleset in the check-only programs, which the verifier refuses without it (EACCES: their
// pointer arithmetic is allowed only with CAP_PERFMON); and CAP_NET_BIND_SERVICE, since a
// reload may start [dns]'s forwarder on port 53.
std::vector<int> kept_capabilities(const Args& a) {
    std::vector<int> kept = {CAP_NET_ADMIN, CAP_BPF};
    if (!a.config.empty()) {
        kept.push_back(CAP_PERFMON);
        kept.push_back(CAP_NET_BIND_SERVICE);
    }
    return kept;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"xgwd: the daemon of xgw: keeps its programs on interfaces that come and go, "
                 "follows addresses, expires flows and NAT bindings, sends the firewall log to "
                 "syslog and serves metrics. The data path never needs it."};
    app.set_version_flag("--version", std::string("xgwd ") + XGW_VERSION);
    Args a;
    app.add_option("-c,--config", a.config,
                   "The box configuration (e.g. /etc/xgw/xgw.conf): applied at start and on "
                   "SIGHUP; its interfaces, [metrics], [log] and [dns] are xgwd's duties");
    app.add_option("-i,--interface", a.interfaces,
                   "An interface to look after: attached now if present, again whenever it "
                   "appears (repeat the option for several)");
    app.add_option("-m,--mode", a.mode, "XDP mode for those interfaces: auto, native, generic")
        ->check(CLI::IsMember({"auto", "native", "generic"}))
        ->capture_default_str();
    app.add_option("--metrics", a.metrics,
                   "Serve Prometheus metrics on ADDR:PORT (e.g. 127.0.0.1:9469)");
    app.add_flag("--syslog", a.syslog, "Send the firewall log to syslog (facility authpriv)");
    app.add_option("--syslog-socket", a.syslog_socket,
                   "The syslog daemon's datagram socket (implies --syslog)")
        ->capture_default_str()
        ->each([&a](const std::string&) { a.syslog = true; });
    app.add_option("--log-rate", a.log_rate, "Log messages per second at most, on average")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--log-burst", a.log_burst, "Log messages at once at most")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_flag("--no-follow-addresses", a.no_addresses,
                 "Leave me/me6 and masquerade's addresses alone");
    app.add_option("--run-dir", a.run_dir, "Where the lock and the status report live")
        ->capture_default_str();
    app.add_option("--netns", a.netns, "Run in network namespace NAME (/run/netns/NAME), by setns");
    app.add_flag("--keep-capabilities", a.keep_capabilities,
                 "Keep every capability (debugging; by default only those xgwd's jobs need)");
    CLI11_PARSE(app, argc, argv);

    set_log_sink([](LogLevel level, std::string_view m) {
        if (level == LogLevel::Warn && m.rfind("libbpf:", 0) != 0)
            print_notice(LOG_WARNING, std::string(m));
    });
    if (!a.netns.empty())
        if (auto ok = enter_netns(a.netns); !ok)
            return fail(ok.error());
    if (auto ok = check_privileges(); !ok)
        return fail(ok.error());
    auto notifier = ServiceNotifier::from_environment();
    if (!notifier)
        return fail(notifier.error());

    DaemonOptions options{{}, a.run_dir, print_notice,
                          [&a]() -> Result<Duties> { return duties(a); }};
    auto daemon = Daemon::start(std::move(options));
    if (!daemon)
        return fail(daemon.error());
    if (!a.keep_capabilities)
        if (auto ok = keep_only_capabilities(kept_capabilities(a)); !ok)
            return fail(ok.error());
    std::string caps;
    for (const auto& c : effective_capabilities())
        caps += (caps.empty() ? "" : ",") + c;
    print_notice(LOG_INFO, "running (pid " + std::to_string(::getpid()) +
                               "), capabilities: " + (caps.empty() ? "none" : caps));
    if (auto ok = (*daemon)->run(*notifier); !ok)
        return fail(ok.error());
    return 0;
}
