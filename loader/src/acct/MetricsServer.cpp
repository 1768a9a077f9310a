#include <xgw/acct/MetricsServer.h>
#include <xgw/acct/Prometheus.h>

#include <httplib.h>

#include <charconv>

namespace xgw::acct {

struct MetricsServer::Impl {
    httplib::Server server;
    int port = 0;
};

namespace {

struct ListenAddress {
    std::string host;
    int port = 0;
};

Result<ListenAddress> parse_listen(const std::string& text) {
    auto colon = text.rfind(':');
    if (colon == std::string::npos)
        return make_error(Errc::Usage, "'" + text + "' is not ADDR:PORT");
    ListenAddress a{text.substr(0, colon), 0};
    if (a.host.size() >= 2 && a.host.front() == '[' && a.host.back() == ']')
        a.host = a.host.substr(1, a.host.size() - 2);
    if (a.host.empty())
        a.host = "::";
    const std::string port = text.substr(colon + 1);
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), a.port);
    if (port.empty() || ec != std::errc() || end != port.data() + port.size() || a.port < 0 ||
        a.port > 65535)
        return make_error(Errc::Usage, "'" + port + "' is not a port number");
    return a;
}

} // namespace

MetricsServer::MetricsServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
MetricsServer::MetricsServer(MetricsServer&&) noexcept = default;
MetricsServer::~MetricsServer() = default;

Result<MetricsServer> MetricsServer::bind(const std::string& listen, Render render) {
    auto addr = parse_listen(listen);
    if (!addr)
        return addr.error();
    auto impl = std::make_unique<Impl>();
    impl->server.Get("/metrics", [render](const httplib::Request&, httplib::Response& res) {
        auto body = render();
        if (!body) {
            res.status = 500;
            res.set_content(body.error().message + "\n", "text/plain");
            return;
        }
        res.set_content(*body, kPrometheusContentType);
    });
    impl->server.Get("/", [](const httplib::Request&, httplib::Response& res) {
        res.set_content("xgw metrics: see /metrics\n", "text/plain");
    });
    impl->port = addr->port == 0
                     ? impl->server.bind_to_any_port(addr->host)
                     : (impl->server.bind_to_port(addr->host, addr->port) ? addr->port : -1);
    if (impl->port < 0)
        return make_error(Errc::Failed, "cannot listen on " + listen + ": " + std::strerror(errno));
    return MetricsServer(std::move(impl));
}

int MetricsServer::port() const {
    return impl_->port;
}

Result<void> MetricsServer::run() {
    if (!impl_->server.listen_after_bind())
        return make_error(Errc::Failed, "metrics server stopped on an error");
    return {};
}

void MetricsServer::stop() {
    impl_->server.stop();
}

} // namespace xgw::acct
