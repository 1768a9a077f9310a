#include <xgw/ppp/PppSession.h>

#include <nlohmann/json.hpp>

#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>

namespace xgw::ppp {
namespace {

// Bytes queued for the line above which the TUN device is not read: TCP sees back-pressure
// instead of loss.
constexpr std::size_t kHighWater = 16 * 1024;

TimePoint now() { return Clock::now(); }

} // namespace

PppSession::PppSession(PppOptions options, std::string run_dir, std::string lock_dir,
                       SessionLog log)
    : o_(std::move(options)), run_dir_(std::move(run_dir)), lock_dir_(std::move(lock_dir)),
      log_(std::move(log)) {}

PppSession::~PppSession() {
    if (sigfd_ >= 0)
        close(sigfd_);
}

std::string PppSession::link_name() const {
    if (!o_.linkname.empty())
        return o_.linkname;
    if (!o_.ifname.empty())
        return o_.ifname;
    return o_.device.substr(o_.device.rfind('/') + 1);
}

int PppSession::run() {
    sigset_t set;
    sigemptyset(&set);
    for (int s : {SIGTERM, SIGINT, SIGHUP})
        sigaddset(&set, s);
    sigprocmask(SIG_BLOCK, &set, nullptr);
    sigfd_ = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
    auto claimed = LinkStateDir::claim(run_dir_, link_name());
    if (!claimed) {
        log_(claimed.error().message);
        return static_cast<int>(claimed.error().kind);
    }
    state_.emplace(std::move(*claimed));
    int failures = 0;
    while (true) {
        AttemptEnd end = attempt();
        if (end == AttemptEnd::Stopped)
            return 0;
        failures = end == AttemptEnd::Failed ? failures + 1 : 0;
        if (!o_.persist)
            return end == AttemptEnd::Failed ? 1 : 0;
        if (o_.maxfail > 0 && failures >= o_.maxfail) {
            log_("giving up after " + std::to_string(failures) + " failed attempts (maxfail)");
            return 1;
        }
        if (!wait_holdoff())
            return 0;
    }
}

bool PppSession::wait_holdoff() {
    write_state();
    pollfd p{sigfd_, POLLIN, 0};
    if (poll(&p, 1, o_.holdoff * 1000) > 0) {
        signalfd_siginfo si{};
        if (read(sigfd_, &si, sizeof si) == sizeof si && si.ssi_signo != SIGHUP)
            return false;
    }
    return true;
}

AttemptEnd PppSession::attempt() {
    ++attempts_;
    auto line = PppLine::open({.device = o_.device, .speed = o_.speed, .lock = o_.lock,
                               .lock_dir = lock_dir_, .modem = o_.modem, .crtscts = o_.crtscts});
    if (!line) {
        log_(line.error().message);
        return AttemptEnd::Failed;
    }
    if (!o_.connect.empty()) {
        auto status = line->run(o_.connect);
        if (!status || *status != 0) {
            log_("connect script failed" +
                 (status ? " (exit " + std::to_string(*status) + ")" : ": " + status.error().message));
            return AttemptEnd::Failed;
        }
    }
    log_("serial connection established on " + o_.device);
    AttemptEnd end = loop(*line);
    if (!o_.disconnect.empty())
        (void)line->run(o_.disconnect);
    log_("connection terminated: " + end_reason_);
    return end;
}

AttemptEnd PppSession::loop(PppLine& line) {
    encoder_.set_framing({});
    decoder_ = HdlcDecoder();
    out_.clear();
    out_sent_ = 0;
    finished_ = false;
    stop_requested_ = hangup_requested_ = false;
    end_reason_.clear();
    connected_at_ = last_data_ = now();
    LinkEvents ev;
    ev.framing = [this](const LcpResult& r) {
        encoder_.set_framing(r.tx);
        decoder_.set_framing(r.rx);
        decoder_.set_max_info(r.our_mru);
        log_("LCP opened: peer MRU " + std::to_string(r.peer_mru) + ", authentication " +
             auth_name(r.we_require) + " of the peer, " + auth_name(r.peer_requires) + " of us");
    };
    ev.ip_up = [this](const IpcpResult& r) { on_ip_up(r); };
    ev.ip_down = [this] { on_ip_down(); };
    ev.ipv6_up = [this](const Ipv6cpResult& r) { on_ipv6_up(r); };
    ev.ipv6_down = [this] {
        scripts_.start(o_.ipv6_down, {tun_ ? tun_->name() : "", o_.device, "0", "", "", o_.ipparam},
                       script_env());
    };
    ev.finished = [this](const std::string& why) {
        finished_ = true;
        end_reason_ = why;
    };
    link_ = std::make_unique<PppLink>(
        o_.link,
        [this](std::uint16_t proto, std::span<const std::uint8_t> b) { encoder_.encode(proto, b, out_); },
        [this](std::uint16_t, std::span<const std::uint8_t> b) {
            last_data_ = now();
            if (tun_ && ::write(tun_->fd(), b.data(), b.size()) < 0)
                ++tun_drops_;
        },
        ev, now);
    link_->start();
    write_state();
    TimePoint next_state = now() + std::chrono::seconds(1);
    while (!finished_) {
        flush_line(line.fd());
        pollfd fds[3] = {{line.fd(), short(POLLIN | (out_.size() > out_sent_ ? POLLOUT : 0)), 0},
                         {sigfd_, POLLIN, 0},
                         {tun_ && out_.size() - out_sent_ < kHighWater ? tun_->fd() : -1, POLLIN, 0}};
        TimePoint wake = next_state;
        if (auto d = link_->deadline(); d && *d < wake)
            wake = *d;
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(wake - now()).count();
        int n = poll(fds, 3, static_cast<int>(std::max<long long>(0, ms + 1)));
        if (n < 0 && errno != EINTR)
            break;
        if (fds[1].revents & POLLIN) {
            signalfd_siginfo si{};
            if (read(sigfd_, &si, sizeof si) == sizeof si) {
                (si.ssi_signo == SIGHUP ? hangup_requested_ : stop_requested_) = true;
                link_->stop(si.ssi_signo == SIGHUP ? "hangup requested" : "terminated by signal");
            }
        }
        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR))
            read_line(line.fd());
        if (fds[2].revents & POLLIN)
            read_tun();
        const TimePoint t = now();
        link_->tick(t);
        if (o_.idle > 0 && ip_up_ && t - last_data_ >= std::chrono::seconds(o_.idle)) {
            last_data_ = t;
            link_->stop("idle for " + std::to_string(o_.idle) + " seconds");
        }
        if (t >= next_state) {
            scripts_.reap();
            write_state();
            next_state = t + std::chrono::seconds(1);
        }
    }
    flush_line(line.fd());
    if (ip_up_)
        on_ip_down();
    tun_.reset();
    scripts_.wait_all();
    write_state();
    if (stop_requested_)
        return AttemptEnd::Stopped;
    if (hangup_requested_)
        return AttemptEnd::Hangup;
    return AttemptEnd::Failed;
}

void PppSession::flush_line(int fd) {
    while (out_sent_ < out_.size()) {
        ssize_t n = ::write(fd, out_.data() + out_sent_, out_.size() - out_sent_);
        if (n <= 0)
            break;
        out_sent_ += static_cast<std::size_t>(n);
    }
    if (out_sent_ == out_.size()) {
        out_.clear();
        out_sent_ = 0;
    }
}

void PppSession::read_line(int fd) {
    std::uint8_t buf[16384];
    while (!finished_) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n > 0) {
            decoder_.feed(std::span(buf, static_cast<std::size_t>(n)),
                          [this](std::uint16_t p, std::span<const std::uint8_t> info) {
                              link_->receive(p, info);
                          });
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
            return;
        // End of file or EIO: the other end of the line is gone (pppd's "Modem hangup").
        link_->lower_down("modem hangup");
        return;
    }
}

void PppSession::read_tun() {
    std::uint8_t buf[65536];
    for (int i = 0; i < 64 && out_.size() - out_sent_ < kHighWater; ++i) {
        ssize_t n = ::read(tun_->fd(), buf, sizeof buf);
        if (n <= 0)
            return;
        const std::uint16_t proto = (buf[0] >> 4) == 6 ? kProtoIpv6 : kProtoIpv4;
        if (link_->send_ip(proto, std::span(buf, static_cast<std::size_t>(n))))
            last_data_ = now();
    }
}

void PppSession::on_ip_up(const IpcpResult& r) {
    if (!tun_) {
        auto tun = TunDevice::create(o_.ifname.empty() ? "ppp%d" : o_.ifname);
        if (!tun) {
            log_(tun.error().message);
            link_->stop("cannot create the interface");
            return;
        }
        tun_.emplace(std::move(*tun));
    }
    const std::uint32_t mtu = link_->lcp().result().peer_mru;
    if (auto c = tun_->configure_ipv4(r.local, r.remote, mtu); !c) {
        log_(c.error().message);
        link_->stop("cannot configure " + tun_->name());
        return;
    }
    ip_up_ = true;
    log_("local IP address " + ipv4_str(r.local) + ", remote IP address " + ipv4_str(r.remote) +
         " on " + tun_->name() + " (MTU " + std::to_string(mtu) + ")");
    if (o_.defaultroute) {
        auto added = tun_->add_default_route();
        if (!added)
            log_(added.error().message);
        else if (!*added)
            log_("not replacing the existing default route");
    }
    if (o_.link.ipcp.usepeerdns && (r.dns[0] || r.dns[1])) {
        // pppd writes /etc/ppp/resolv.conf; ours sits beside the link's state.
        std::ofstream rc(state_->path_of(".resolv.conf"));
        for (auto d : r.dns)
            if (d)
                rc << "nameserver " << ipv4_str(d) << '\n';
    }
    scripts_.start(o_.ip_up,
                   {tun_->name(), o_.device, std::to_string(o_.speed), ipv4_str(r.local),
                    ipv4_str(r.remote), o_.ipparam},
                   script_env());
    write_state();
}

void PppSession::on_ip_down() {
    if (!ip_up_)
        return;
    ip_up_ = false;
    const auto& r = link_->ipcp().result();
    auto env = script_env();
    env["CONNECT_TIME"] = std::to_string(
        std::chrono::duration_cast<std::chrono::seconds>(now() - connected_at_).count());
    env["BYTES_SENT"] = std::to_string(link_->counters().bytes_out);
    env["BYTES_RCVD"] = std::to_string(link_->counters().bytes_in);
    scripts_.start(o_.ip_down,
                   {tun_ ? tun_->name() : "", o_.device, std::to_string(o_.speed),
                    ipv4_str(r.local), ipv4_str(r.remote), o_.ipparam},
                   env);
    std::error_code ec;
    std::filesystem::remove(state_->path_of(".resolv.conf"), ec);
    log_("IP down");
}

void PppSession::on_ipv6_up(const Ipv6cpResult& r) {
    if (!tun_) {
        auto tun = TunDevice::create(o_.ifname.empty() ? "ppp%d" : o_.ifname);
        if (!tun) {
            log_(tun.error().message);
            return;
        }
        tun_.emplace(std::move(*tun));
    }
    if (auto a = tun_->add_link_local(r.local); !a)
        log_(a.error().message);
    log_("local LL address " + link_local_str(r.local) + ", remote LL address " +
         link_local_str(r.remote));
    scripts_.start(o_.ipv6_up,
                   {tun_->name(), o_.device, std::to_string(o_.speed), link_local_str(r.local),
                    link_local_str(r.remote), o_.ipparam},
                   script_env());
}

ScriptEnv PppSession::script_env() const {
    ScriptEnv env = {{"DEVICE", o_.device},
                     {"SPEED", std::to_string(o_.speed)},
                     {"LINKNAME", link_name()},
                     {"PPPD_PID", std::to_string(getpid())},
                     {"PEERNAME", link_ ? link_->peer_name() : ""}};
    if (tun_)
        env["IFNAME"] = tun_->name();
    if (!o_.call_file.empty())
        env["CALL_FILE"] = o_.call_file.substr(o_.call_file.rfind('/') + 1);
    if (link_) {
        const auto& r = link_->ipcp().result();
        env["IPLOCAL"] = ipv4_str(r.local);
        env["IPREMOTE"] = ipv4_str(r.remote);
        if (o_.link.ipcp.usepeerdns) {
            env["USEPEERDNS"] = "1";
            for (int i = 0; i < 2; ++i)
                if (r.dns[static_cast<std::size_t>(i)])
                    env["DNS" + std::to_string(i + 1)] = ipv4_str(r.dns[static_cast<std::size_t>(i)]);
        }
    }
    return env;
}

std::string PppSession::state_json() const {
    using nlohmann::json;
    json j = {{"link", link_name()},
              {"pid", getpid()},
              {"device", o_.device},
              {"interface", tun_ ? tun_->name() : ""},
              {"attempts", attempts_},
              {"persist", o_.persist}};
    if (!link_) {
        j["phase"] = "dead";
        return j.dump();
    }
    const auto& l = link_->lcp().result();
    const auto& e = link_->lcp().echo();
    const auto& ip = link_->ipcp().result();
    const auto& c = link_->counters();
    const auto& h = decoder_.counters();
    j["phase"] = phase_name(link_->phase());
    j["last_reason"] = end_reason_;
    j["peer_name"] = link_->peer_name();
    j["lcp"] = {{"state", state_name(link_->lcp().fsm().state())},
                {"our_mru", l.our_mru},
                {"peer_mru", l.peer_mru},
                {"tx_accm", l.tx.accm},
                {"rx_accm", l.rx.accm},
                {"tx_pfc", l.tx.pfc},
                {"tx_acfc", l.tx.acfc},
                {"our_magic", l.our_magic},
                {"peer_magic", l.peer_magic},
                {"auth_of_peer", auth_name(l.we_require)},
                {"auth_of_us", auth_name(l.peer_requires)},
                {"echo", {{"interval", o_.link.lcp.echo_interval},
                          {"failure", o_.link.lcp.echo_failure},
                          {"sent", e.sent},
                          {"replies", e.replies},
                          {"pending", e.pending}}}};
    j["ipcp"] = {{"state", state_name(link_->ipcp().fsm().state())},
                 {"local", ip.local ? ipv4_str(ip.local) : ""},
                 {"remote", ip.remote ? ipv4_str(ip.remote) : ""},
                 {"dns", json::array()}};
    for (auto d : ip.dns)
        if (d)
            j["ipcp"]["dns"].push_back(ipv4_str(d));
    if (o_.link.ipv6) {
        const auto& v6 = link_->ipv6cp().result();
        j["ipv6cp"] = {{"state", state_name(link_->ipv6cp().fsm().state())},
                       {"local", v6.local ? link_local_str(v6.local) : ""},
                       {"remote", v6.remote ? link_local_str(v6.remote) : ""}};
    }
    j["counters"] = {{"packets_in", c.packets_in},   {"bytes_in", c.bytes_in},
                     {"packets_out", c.packets_out}, {"bytes_out", c.bytes_out},
                     {"discarded", c.discarded},     {"protocol_rejects", c.protocol_rejects},
                     {"tun_drops", tun_drops_}};
    j["frames"] = {{"good", h.frames},         {"bytes", h.bytes},         {"bad_fcs", h.bad_fcs},
                   {"too_long", h.too_long},   {"too_short", h.too_short}, {"aborted", h.aborted},
                   {"bad_header", h.bad_header}};
    return j.dump();
}

void PppSession::write_state() {
    if (state_)
        state_->write(state_json());
}

} // namespace xgw::ppp
