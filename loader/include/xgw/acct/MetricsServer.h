// Serves the Prometheus text of xgw's counters over HTTP (GET /metrics), with cpp-httplib.
#pragma once

#include <xgw/Result.h>

#include <functional>
#include <memory>
#include <string>

namespace xgw::acct {

class MetricsServer {
  public:
    // Renders the body of one scrape; an error answers 500 with its message.
    using Render = std::function<Result<std::string>()>;

    // Binds ADDR:PORT ("127.0.0.1:9417", "[::1]:9417", ":9417" for every address).
    static Result<MetricsServer> bind(const std::string& listen, Render render);
    MetricsServer(MetricsServer&&) noexcept;
    ~MetricsServer();

    int port() const; // the bound port (useful with port 0)
    // Serves until stop() is called (from any thread).
    Result<void> run();
    void stop();

  private:
    struct Impl;
    explicit MetricsServer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

} // namespace xgw::acct
