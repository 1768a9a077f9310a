#include "Commands.h"

#include <xgw/acct/MetricsServer.h>
#include <xgw/acct/Prometheus.h>

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <iostream>
#include <thread>

namespace xgw::cli {
namespace {

// Stops the server on SIGINT or SIGTERM: a thread waits for them, so no handler runs code.
Result<void> serve_until_signal(acct::MetricsServer& server) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::atomic<bool> done{false};
    std::thread waiter([&] {
        const timespec tick{0, 200 * 1000 * 1000};
        while (!done && sigtimedwait(&set, nullptr, &tick) < 0) {
        }
        server.stop();
    });
    auto result = server.run();
    done = true;
    waiter.join();
    return result;
}

} // namespace

CLI::App* add_stats_serve(CLI::App& stats, Context& ctx) {
    auto listen = std::make_shared<std::string>("127.0.0.1:9417");
    auto* cmd = stats.add_subcommand(
        "serve", "Serve the counters in Prometheus text format over HTTP (GET /metrics)");
    cmd->add_option("-l,--listen", *listen, "ADDR:PORT to listen on ([::]:PORT or :PORT for all)")
        ->capture_default_str();
    on_run(cmd, ctx, [listen]() -> Result<void> {
        auto dp = open_datapath();
        if (!dp)
            return dp.error();
        auto shared = std::make_shared<Datapath>(std::move(*dp));
        auto server = acct::MetricsServer::bind(*listen, [shared]() -> Result<std::string> {
            auto metrics = acct::collect_metrics(*shared);
            if (!metrics)
                return metrics.error();
            return acct::prometheus_text(*metrics);
        });
        if (!server)
            return server.error();
        std::cout << "serving metrics on http://" << *listen << "/metrics (Ctrl-C stops)"
                  << std::endl;
        return serve_until_signal(*server);
    });
    return cmd;
}

} // namespace xgw::cli
