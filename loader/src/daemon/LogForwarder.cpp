#include <xgw/daemon/LogForwarder.h>

#include <xgw/BootClock.h>

#include <arpa/inet.h>
#include <cctype>
#include <net/if.h>
#include <syslog.h>
#include <unistd.h>

namespace xgw::daemon {

namespace {

// "allow", "deny", ...: ipfw's verbs, lower case as the rule language writes them.
std::string verdict_word(std::uint8_t action) {
    if (action == XGW_FW_ALLOW)
        return "allow";
    std::string w = fw::log_action_word(action);
    for (char& c : w)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return w;
}

std::string address(const __u32* addr, bool v6) {
    char buf[INET6_ADDRSTRLEN];
    inet_ntop(v6 ? AF_INET6 : AF_INET, addr, buf, sizeof buf);
    return buf;
}

std::string interface_name(std::uint32_t ifindex) {
    char buf[IF_NAMESIZE];
    return if_indextoname(ifindex, buf) ? buf : std::to_string(ifindex);
}

// The event as structured data: what a log collector filters and counts on.
StructuredData event_data(const xgw_fw_log_event& ev, const std::string& ifname) {
    StructuredData sd{"xgw@32473",
                      {{"rule", std::to_string(ev.rule_number)},
                       {"verdict", verdict_word(ev.action)},
                       {"dir", ev.dir == 0 ? "in" : "out"},
                       {"if", ifname},
                       {"proto", std::to_string(ev.proto)},
                       {"src", address(ev.src, ev.v6)},
                       {"dst", address(ev.dst, ev.v6)}}};
    if (ev.proto == 6 || ev.proto == 17) {
        sd.params.emplace_back("sport", std::to_string(ntohs(ev.sport)));
        sd.params.emplace_back("dport", std::to_string(ntohs(ev.dport)));
    } else if (ev.proto == 1 || ev.proto == 58) {
        sd.params.emplace_back("icmp_type", std::to_string(ev.icmp_type));
    }
    sd.params.emplace_back("len", std::to_string(ev.ip_len));
    sd.params.emplace_back("boot_ns", std::to_string(ev.boot_ns));
    return sd;
}

std::string hostname() {
    char buf[256] = {};
    return ::gethostname(buf, sizeof buf - 1) == 0 ? buf : "";
}

} // namespace

LogForwarder::LogForwarder(fw::FirewallLog log, SyslogSocket socket,
                           const LogForwarderOptions& options, LogCounts& counts)
    : log_(std::move(log)), socket_(std::move(socket)), limit_(options.rate, options.burst),
      counts_(counts), hostname_(hostname()), procid_(std::to_string(::getpid())) {}

Result<std::unique_ptr<LogForwarder>>
LogForwarder::open(const PinPaths& paths, const LogForwarderOptions& options, LogCounts& counts) {
    auto log = fw::FirewallLog::open(paths);
    if (!log)
        return log.error();
    auto socket = SyslogSocket::connect(options.socket);
    if (!socket)
        return socket.error();
    std::unique_ptr<LogForwarder> f(
        new LogForwarder(std::move(*log), std::move(*socket), options, counts));
    auto ring =
        f->log_.subscribe([raw = f.get()](const xgw_fw_log_event& ev) { raw->forward(ev); });
    if (!ring)
        return ring.error();
    f->ring_.emplace(std::move(*ring));
    return f;
}

Result<void> LogForwarder::drain() {
    auto n = ring_->drain();
    if (!n)
        return n.error();
    return {};
}

Result<std::uint64_t> LogForwarder::lost_in_kernel() const {
    auto stats = log_.stats();
    if (!stats)
        return stats.error();
    return (*stats)[XGW_FW_LOG_LOST];
}

void LogForwarder::forward(const xgw_fw_log_event& ev) {
    if (!limit_.take(clock_ns(CLOCK_MONOTONIC))) {
        held_back_++;
        counts_.suppressed++;
        return;
    }
    if (held_back_) {
        // The first message after a quiet spell says how many the limit held back.
        send(LOG_WARNING, clock_ns(CLOCK_REALTIME), "suppressed",
             {{"xgw@32473", {{"suppressed", std::to_string(held_back_)}}}},
             std::to_string(held_back_) + " firewall log events suppressed by the rate limit");
        held_back_ = 0;
    }
    const std::string ifname = interface_name(ev.ifindex);
    const bool denied =
        ev.action == XGW_FW_DENY || ev.action == XGW_FW_REJECT || ev.action == XGW_FW_UNREACH;
    send(denied ? LOG_NOTICE : LOG_INFO, wall_ns_of_boot(ev.boot_ns), "fw",
         {event_data(ev, ifname)}, fw::format_log_event(ev, ifname));
}

void LogForwarder::send(int severity, std::int64_t wall_ns, std::string msgid,
                        std::vector<StructuredData> sd, std::string text) {
    SyslogMessage m{LOG_AUTHPRIV, severity,         wall_ns,       hostname_,      "xgwd",
                    procid_,      std::move(msgid), std::move(sd), std::move(text)};
    if (socket_.send(format_rfc5424(m)))
        counts_.forwarded++;
    else
        counts_.unsent++;
}

} // namespace xgw::daemon
