#include <xgw/daemon/Daemon.h>

#include "acct/PrometheusFamily.h"

#include <xgw/Orphans.h>
#include <xgw/acct/Metrics.h>
#include <xgw/acct/MetricsServer.h>
#include <xgw/acct/Prometheus.h>
#include <xgw/daemon/AddressKeeper.h>
#include <xgw/daemon/DnsDuty.h>
#include <xgw/daemon/InterfaceKeeper.h>
#include <xgw/daemon/LogForwarder.h>
#include <xgw/daemon/NameKeeper.h>
#include <xgw/fw/FlowTable.h>
#include <xgw/nat/NatState.h>
#include <xgw/route/NetlinkEvents.h>

#include <signal.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <syslog.h>

#include <ctime>
#include <thread>

namespace xgw::daemon {

struct Daemon::State {
    DaemonOptions options;
    PinPaths paths;
    DaemonLock lock;
    DaemonCounters counters;
    InterfaceKeeper keeper;
    AddressKeeper addresses;
    route::NetlinkEvents netlink;
    std::unique_ptr<LogForwarder> log;
    std::optional<acct::MetricsServer> metrics;
    std::thread metrics_thread;
    std::optional<NameKeeper> names;
    std::unique_ptr<DnsDuty> dns;
    UniqueFd epoll, signals, tick;
    std::int64_t started_unix = std::time(nullptr);

    State(DaemonOptions o, PinPaths p, DaemonLock l, route::NetlinkEvents n)
        : options(std::move(o)), paths(std::move(p)), lock(std::move(l)),
          keeper(paths, options.duties.interfaces, options.notice, counters), addresses(paths),
          netlink(std::move(n)) {}

    bool has_state() const {
        auto dp = Datapath::open(paths);
        return dp && dp->has_state();
    }
    // Counts every error; says each only when it differs from the one before, so a missing
    // syslog socket retried every second does not fill the journal.
    void error(const std::string& what, const Error& e) {
        counters.errors++;
        std::string message = what + ": " + e.message;
        if (message != last_error)
            options.notice(LOG_ERR, message);
        last_error = std::move(message);
    }
    std::string last_error;
    Result<void> watch(int fd) const {
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.fd = fd;
        if (epoll_ctl(epoll.get(), EPOLL_CTL_ADD, fd, &ev) != 0)
            return Error::from_errno(errno, "watch a descriptor");
        return {};
    }

    void sync_addresses();
    void open_log();
    void release_orphans();
    void after_attach();
    void sweep();
    void publish();
    void reload();
    Result<std::string> render_metrics() const;
    Result<void> start_metrics();
    Result<void> follow_dns(const std::optional<dns::ForwarderConfig>& config);
};

void Daemon::State::sync_addresses() {
    if (!options.duties.follow_addresses || !has_state())
        return;
    auto removed = addresses.sync();
    if (!removed)
        return error("follow addresses", removed.error());
    counters.address_syncs++;
    if (*removed) {
        counters.nat_bindings_readdressed += *removed;
        options.notice(LOG_NOTICE, std::to_string(*removed) +
                                       " NAT bindings removed: their address left the host");
    }
}

// (Re)opens the forwarding of the log ring: the first attach may have made the state, and an
// interface that came back may have found it made anew. Events wait in the pinned ring
// meanwhile, so reopening loses none.
void Daemon::State::open_log() {
    if (!options.duties.syslog || !has_state())
        return;
    if (log)
        if (auto ok = log->drain(); !ok)
            error("read the firewall log", ok.error());
    auto f = LogForwarder::open(paths, *options.duties.syslog, counters.log);
    if (!f)
        return error("forward the firewall log", f.error());
    log = std::move(*f);
    if (auto ok = watch(log->fd()); !ok)
        return error("forward the firewall log", ok.error());
    if (auto ok = log->drain(); !ok)
        error("read the firewall log", ok.error());
}

// Once, at start: entering other namespaces to read their cookies takes CAP_SYS_ADMIN, which
// xgwd gives up after start; without it every namespace would be in doubt and nothing released.
void Daemon::State::release_orphans() {
    auto survey = survey_state();
    if (!survey) {
        error("look for orphaned state", survey.error());
        return;
    }
    for (const auto& orphan : orphaned(*survey)) {
        if (auto ok = release_namespace(orphan); !ok) {
            error("release orphaned state", ok.error());
            continue;
        }
        counters.orphans_released++;
        options.notice(LOG_NOTICE, "released the state of deleted network namespace " +
                                       std::to_string(orphan.cookie) + " (" + orphan.dir.string() +
                                       ", " + format_bytes(orphan.bytes()) + ")");
    }
    // Under a bounding set without CAP_SYS_ADMIN every namespace is in doubt: one line says so.
    if (!survey->unreadable.empty())
        options.notice(LOG_NOTICE, "state of namespaces not found alive left alone: " +
                                       std::to_string(survey->unreadable.size()) +
                                       " namespaces could not be identified (" +
                                       survey->unreadable.front() + ")");
}

void Daemon::State::after_attach() {
    sync_addresses();
    open_log();
}

// The data path removes an expired flow or binding only when its next packet comes; silent
// ones would hold their slots until the table is full and the LRU evicts live ones instead.
void Daemon::State::sweep() {
    if (!has_state())
        return;
    if (auto flows = fw::FlowTable::open(paths)) {
        if (auto n = flows->remove_expired())
            counters.flows_expired += *n;
        else
            error("expire flows", n.error());
    }
    if (auto nat = nat::NatState::open(paths)) {
        if (auto n = nat->remove_expired())
            counters.nat_bindings_expired += *n;
        else
            error("expire NAT bindings", n.error());
    }
    if (log)
        if (auto lost = log->lost_in_kernel())
            counters.log_lost_in_kernel = *lost;
}

void Daemon::State::publish() {
    DaemonReport r;
    r.pid = ::getpid();
    r.started_unix = started_unix;
    for (const auto& d : keeper.duties())
        r.interfaces.push_back(d.name);
    r.metrics = options.duties.metrics_listen.value_or("");
    r.syslog = options.duties.syslog ? options.duties.syslog->socket : "";
    r.follows_links = !keeper.duties().empty();
    r.follows_addresses = options.duties.follow_addresses;
    r.counters = counters.snapshot();
    if (auto ok = lock.publish(r); !ok)
        error("publish the status", ok.error());
}

// Interfaces and address following take the new duties; the metrics address and the syslog
// socket stay as started (a restart changes them).
void Daemon::State::reload() {
    if (!options.reload)
        return;
    auto duties = options.reload();
    if (!duties)
        return error("reload", duties.error());
    options.duties.interfaces = duties->interfaces;
    options.duties.follow_addresses = duties->follow_addresses;
    if (auto ok = follow_dns(duties->dns); !ok)
        error("reload", ok.error());
    keeper.set_duties(duties->interfaces);
    options.notice(LOG_NOTICE, "reloaded: " + std::to_string(duties->interfaces.size()) +
                                   " interfaces to look after");
    keeper.ensure_all();
    after_attach();
    publish();
}

Result<std::string> Daemon::State::render_metrics() const {
    std::string out;
    if (auto dp = Datapath::open(paths); dp && dp->has_state()) {
        auto m = acct::collect_metrics(*dp);
        if (!m)
            return m.error();
        out = acct::prometheus_text(*m);
    }
    for (const auto& [name, value] : counters.snapshot()) {
        const std::string metric = "xgwd_" + name + "_total";
        acct::family(out, metric.c_str(), "xgwd's count of this event",
                     [v = value](const acct::Emit& emit) { emit({}, v); });
    }
    return out;
}

Result<void> Daemon::State::start_metrics() {
    if (!options.duties.metrics_listen)
        return {};
    auto server = acct::MetricsServer::bind(*options.duties.metrics_listen,
                                            [this] { return render_metrics(); });
    if (!server)
        return server.error().prefix("metrics");
    metrics.emplace(std::move(*server));
    metrics_thread = std::thread([this] {
        if (auto ok = metrics->run(); !ok) { // not error(): that is the loop's
            counters.errors++;
            options.notice(LOG_ERR, "metrics: " + ok.error().message);
        }
    });
    return {};
}

// Starts, stops or restarts the forwarder as [dns] asks; a forwarder that cannot start on the
// new configuration leaves the old one serving.
Result<void> Daemon::State::follow_dns(const std::optional<dns::ForwarderConfig>& config) {
    if (dns && config && dns->config() == *config)
        return {};
    std::optional<dns::ForwarderConfig> before;
    if (dns)
        before = dns->config();
    dns.reset(); // its sockets closed first: the new one binds the same addresses
    if (!config)
        return {};
    auto started = DnsDuty::start(*config, paths, options.notice);
    if (started) {
        dns = std::move(*started);
        return {};
    }
    if (before)
        if (auto old = DnsDuty::start(*before, paths, options.notice))
            dns = std::move(*old);
    return started.error();
}

namespace {

Result<UniqueFd> make_timer(std::chrono::microseconds every) {
    UniqueFd fd(timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK));
    if (!fd)
        return Error::from_errno(errno, "create a timer");
    itimerspec spec{};
    spec.it_interval.tv_sec = every.count() / 1000000;
    spec.it_interval.tv_nsec = every.count() % 1000000 * 1000;
    spec.it_value = spec.it_interval;
    if (timerfd_settime(fd.get(), 0, &spec, nullptr) != 0)
        return Error::from_errno(errno, "start a timer");
    return fd;
}

void consume(int fd) {
    char buf[sizeof(signalfd_siginfo)];
    while (::read(fd, buf, sizeof buf) > 0) {
    }
}

} // namespace

Result<std::unique_ptr<Daemon>> Daemon::start(DaemonOptions options) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    // Before any thread starts, so every thread inherits the mask and only the loop sees them.
    pthread_sigmask(SIG_BLOCK, &set, nullptr);

    auto paths = PinPaths::for_current_netns();
    if (!paths)
        return paths.error();
    auto dir = run_dir_of_current_netns(options.run_base);
    if (!dir)
        return dir.error();
    auto lock = DaemonLock::acquire(*dir);
    if (!lock)
        return lock.error();
    if (options.reload) {
        auto first = options.reload();
        if (!first)
            return first.error();
        options.duties = std::move(*first);
    }
    // Listen before the first attach and sync, so a change in between is not missed.
    auto netlink = route::NetlinkEvents::open(!options.duties.interfaces.empty());
    if (!netlink)
        return netlink.error();
    auto s = std::make_unique<State>(std::move(options), std::move(*paths), std::move(*lock),
                                     std::move(*netlink));
    s->epoll = UniqueFd(epoll_create1(EPOLL_CLOEXEC));
    s->signals = UniqueFd(signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK));
    if (!s->epoll || !s->signals)
        return Error::from_errno(errno, "set up the event loop");
    auto tick = make_timer(std::chrono::seconds(1));
    if (!tick)
        return tick.error();
    s->tick = std::move(*tick);
    for (int fd : {s->signals.get(), s->netlink.fd(), s->tick.get()})
        if (auto ok = s->watch(fd); !ok)
            return ok.error();

    s->release_orphans();
    s->keeper.ensure_all();
    s->after_attach();
    if (auto ok = s->start_metrics(); !ok)
        return ok.error();
    if (auto ok = s->follow_dns(s->options.duties.dns); !ok)
        return ok.error();
    s->names.emplace(s->paths, s->counters, s->options.notice);
    s->publish();
    return std::unique_ptr<Daemon>(new Daemon(std::move(s)));
}

Daemon::Daemon(std::unique_ptr<State> state) : s_(std::move(state)) {}

Daemon::~Daemon() {
    if (s_->metrics) {
        s_->metrics->stop();
        s_->metrics_thread.join();
    }
}

Result<void> Daemon::run(const ServiceNotifier& notifier) {
    State& s = *s_;
    UniqueFd watchdog;
    if (auto every = notifier.watchdog_interval()) {
        auto t = make_timer(*every);
        if (!t)
            return t.error();
        watchdog = std::move(*t);
        if (auto ok = s.watch(watchdog.get()); !ok)
            return ok;
    }
    const std::string status =
        "STATUS=looking after " + std::to_string(s.keeper.duties().size()) + " interfaces";
    if (auto ok = notifier.notify("READY=1\n" + status); !ok)
        s.error("notify", ok.error());
    for (;;) {
        epoll_event events[8];
        const int n = epoll_wait(s.epoll.get(), events, 8, -1);
        if (n < 0 && errno != EINTR)
            return Error::from_errno(errno, "wait for events");
        for (int i = 0; i < n; i++) {
            const int fd = events[i].data.fd;
            if (fd == s.signals.get()) {
                signalfd_siginfo si{};
                while (::read(fd, &si, sizeof si) == sizeof si) {
                    if (si.ssi_signo == SIGHUP) {
                        (void)notifier.notify("RELOADING=1");
                        s.reload();
                        (void)notifier.notify("READY=1");
                        continue;
                    }
                    (void)notifier.notify("STOPPING=1");
                    s.publish();
                    return {};
                }
            } else if (fd == s.netlink.fd()) {
                auto batch = s.netlink.read();
                bool attached = false;
                for (const auto& ev : batch.links)
                    attached |= s.keeper.on_link(ev);
                if (batch.overrun)
                    attached |= s.keeper.ensure_all();
                if (attached)
                    s.after_attach();
                else if (batch.addresses || batch.overrun)
                    s.sync_addresses();
            } else if (fd == s.tick.get()) {
                consume(fd);
                s.sweep();
                if (!s.log || !s.log->is_current(s.paths))
                    s.open_log();
                s.publish();
            } else if (fd == watchdog.get()) {
                consume(fd);
                if (auto ok = notifier.notify("WATCHDOG=1"); !ok)
                    s.error("notify", ok.error());
            } else if (s.log && fd == s.log->fd()) {
                if (auto ok = s.log->drain(); !ok)
                    s.error("read the firewall log", ok.error());
            }
        }
    }
}

} // namespace xgw::daemon
