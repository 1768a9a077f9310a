#include "Worker.h"

#include <xgw/dns/AtomicFile.h>
#include <xgw/dns/Forwarder.h>

#include <filesystem>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <thread>

namespace xgw::dns {
namespace {

Result<std::vector<Endpoint>> listen_endpoints(const std::vector<std::string>& specs) {
    std::vector<std::string> given = specs;
    if (given.empty())
        given = {"127.0.0.1", "[::1]"};
    std::vector<Endpoint> out;
    for (const auto& s : given) {
        auto e = parse_endpoint(s);
        if (!e)
            return e.error().prefix("--listen");
        out.push_back(*e);
    }
    return out;
}

Result<LocalHosts> local_hosts(const std::string& path) {
    if (path.empty())
        return LocalHosts{};
    auto text = read_text_file(path);
    if (!text)
        return text.error();
    auto hosts = HostsFile::parse(*text, path);
    if (!hosts)
        return hosts.error();
    return LocalHosts::make(*hosts);
}

Result<UniqueFd> control_listener(const std::string& path) {
    if (path.empty())
        return UniqueFd{};
    sockaddr_un addr{};
    if (path.size() >= sizeof addr.sun_path)
        return make_error(Errc::Usage, "--control '" + path + "': path too long");
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!fd)
        return Error::from_errno(errno, "socket");
    addr.sun_family = AF_UNIX;
    path.copy(addr.sun_path, path.size());
    // A socket left by a server that died; a live one answers, and then we refuse to start.
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0)
        return make_error(Errc::Conflict, "a forwarder already serves " + path);
    ::unlink(path.c_str());
    if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(fd.get(), 16) != 0)
        return Error::from_errno(errno, "control socket " + path);
    return fd;
}

// One request per connection: a line naming the format, the whole answer, close.
void serve_control(int fd, const Forwarder& f) {
    UniqueFd c(::accept4(fd, nullptr, nullptr, SOCK_CLOEXEC));
    if (!c)
        return;
    pollfd p{c.get(), POLLIN, 0};
    char buf[64] = {};
    if (::poll(&p, 1, 1000) != 1 || ::recv(c.get(), buf, sizeof buf - 1, 0) <= 0)
        return;
    auto stats = f.stats();
    std::string out =
        std::string_view(buf).starts_with("prometheus") ? stats.prometheus() : stats.json();
    std::string_view rest = out;
    while (!rest.empty()) {
        auto n = ::send(c.get(), rest.data(), rest.size(), MSG_NOSIGNAL);
        if (n <= 0)
            return;
        rest.remove_prefix(static_cast<std::size_t>(n));
    }
}

} // namespace

struct ControlSocket {
    UniqueFd fd;
    std::string path;
    ~ControlSocket() {
        if (fd)
            ::unlink(path.c_str());
    }
};

Forwarder::Forwarder(std::unique_ptr<State> state) : state_(std::move(state)) {}
Forwarder::~Forwarder() = default;

Result<std::unique_ptr<Forwarder>> Forwarder::open(const ForwarderConfig& config,
                                                   std::shared_ptr<AnswerTap> tap) {
    auto listen = listen_endpoints(config.listen);
    if (!listen)
        return listen.error();
    UpstreamRoutes routes;
    for (const auto& u : config.upstreams)
        if (auto ok = routes.add_default(u); !ok)
            return ok.error();
    for (const auto& s : config.servers)
        if (auto ok = routes.add_domain(s); !ok)
            return ok.error();
    if (config.upstreams.empty())
        return make_error(Errc::Usage, "no --upstream: a forwarder needs somewhere to forward");
    if (config.cache_size == 0)
        return make_error(Errc::Usage, "--cache-size must be at least 1");
    auto acl = ClientAcl::make(config.allow, *listen);
    if (!acl)
        return acl.error();
    auto hosts = local_hosts(config.hosts_file);
    if (!hosts)
        return hosts.error();
    auto state = std::unique_ptr<State>(new State{config,
                                                  std::move(*listen),
                                                  std::move(routes),
                                                  std::move(*acl),
                                                  std::move(*hosts),
                                                  AnswerCache(config.cache_size),
                                                  std::move(tap),
                                                  {},
                                                  {}});
    unsigned threads =
        config.threads ? config.threads : std::max(1u, std::thread::hardware_concurrency());
    for (unsigned i = 0; i < threads; i++) {
        state->counters.emplace_back(state->routes.servers().size());
        auto w = std::make_unique<Worker>(*state, state->counters.back());
        if (auto ok = w->open(); !ok)
            return ok.error();
        state->workers.push_back(std::move(w));
    }
    return std::unique_ptr<Forwarder>(new Forwarder(std::move(state)));
}

Result<void> Forwarder::run(const std::atomic<bool>& stop) {
    auto control = control_listener(state_->config.control_socket);
    if (!control)
        return control.error();
    ControlSocket owner{std::move(*control), state_->config.control_socket};
    std::vector<std::thread> threads;
    for (auto& w : state_->workers)
        threads.emplace_back([&w, &stop] { w->run(stop); });
    while (!stop.load()) {
        pollfd p{owner.fd.get(), POLLIN, 0};
        if (owner.fd && ::poll(&p, 1, 100) == 1)
            serve_control(owner.fd.get(), *this);
        else if (!owner.fd)
            ::poll(nullptr, 0, 100);
    }
    for (auto& t : threads)
        t.join();
    return {};
}

DnsStats Forwarder::stats() const {
    DnsStats s;
    for (const auto& server : state_->routes.servers())
        s.upstreams.push_back({server.str(), {}});
    for (const auto& c : state_->counters) {
        for (unsigned i = 0; i < s.counts.size(); i++)
            s.counts[i] += c.counts[i].get();
        for (std::size_t u = 0; u < s.upstreams.size(); u++)
            for (unsigned i = 0; i < s.upstreams[u].counts.size(); i++)
                s.upstreams[u].counts[i] += c.upstream[u][i].get();
    }
    s.cache_entries = state_->cache.size();
    s.cache_capacity = state_->cache.capacity();
    return s;
}

std::vector<std::string> Forwarder::listening() const {
    std::vector<std::string> out;
    for (const auto& e : state_->listen)
        out.push_back("udp+tcp " + e.str());
    return out;
}

Result<std::string> query_control_socket(const std::string& path, const std::string& what) {
    sockaddr_un addr{};
    if (path.size() >= sizeof addr.sun_path)
        return make_error(Errc::Usage, "'" + path + "': path too long");
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd)
        return Error::from_errno(errno, "socket");
    addr.sun_family = AF_UNIX;
    path.copy(addr.sun_path, path.size());
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
        return Error::from_errno(errno, "no forwarder answers on " + path +
                                            " (is `xgw dns serve` running?)");
    std::string line = what + "\n";
    if (::send(fd.get(), line.data(), line.size(), MSG_NOSIGNAL) < 0)
        return Error::from_errno(errno, "send to " + path);
    std::string out;
    char buf[4096];
    while (true) {
        pollfd p{fd.get(), POLLIN, 0};
        if (::poll(&p, 1, 5000) != 1)
            return make_error(Errc::Failed, "the forwarder on " + path + " did not answer");
        auto n = ::recv(fd.get(), buf, sizeof buf, 0);
        if (n < 0)
            return Error::from_errno(errno, "read " + path);
        if (n == 0)
            return out;
        out.append(buf, static_cast<std::size_t>(n));
    }
}

} // namespace xgw::dns
