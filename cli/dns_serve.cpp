// `xgw dns serve`: the caching forwarder, in the foreground until SIGINT or SIGTERM.
#include "Commands.h"

#include <xgw/dns/Forwarder.h>
#include <xgw/fw/TableLearner.h>

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <iostream>
#include <thread>

namespace xgw::cli {
namespace {

// Blocks SIGINT and SIGTERM in every thread (the workers inherit the mask) and turns them into
// stop in one thread that waits for them, so no signal handler runs code.
Result<void> serve_until_signal(dns::Forwarder& f) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::atomic<bool> stop{false}, done{false};
    std::thread waiter([&] {
        const timespec tick{0, 200 * 1000 * 1000};
        while (!done && sigtimedwait(&set, nullptr, &tick) < 0) {
        }
        stop = true;
    });
    auto result = f.run(stop);
    done = true;
    waiter.join();
    return result;
}

Result<void> serve(const dns::ForwarderConfig& config) {
    // Tables of this namespace that learn names get the addresses of the answers relayed.
    std::shared_ptr<fw::TableLearner> learner;
    if (auto paths = PinPaths::for_current_netns())
        learner = std::make_shared<fw::TableLearner>(*paths, [](const std::string& why) {
            std::cerr << "xgw dns: learn: " << why << std::endl;
        });
    auto f = dns::Forwarder::open(config, learner);
    if (!f)
        return f.error();
    for (const auto& l : (*f)->listening())
        std::cout << "xgw dns: serving " << l << '\n';
    std::cout.flush();
    return serve_until_signal(**f);
}

} // namespace

void add_dns_serve(CLI::App& dns, Context& ctx) {
    auto c = std::make_shared<dns::ForwarderConfig>();
    auto* cmd = dns.add_subcommand("serve", "Run the caching DNS forwarder (until SIGINT/SIGTERM)");
    cmd->add_option("--listen", c->listen,
                    "ADDR[:PORT] or [ADDR6]:PORT to serve on, UDP and TCP (default 127.0.0.1 and "
                    "::1, port 53; 0.0.0.0 or [::]: every address of the host)");
    cmd->add_option("--upstream", c->upstreams, "ADDR[#PORT] of a server to forward to, in order")
        ->required();
    cmd->add_option("--server", c->servers,
                    "/DOMAIN/[DOMAIN/...]ADDR[#PORT]: names in DOMAIN go to ADDR (dnsmasq's "
                    "server=); /DOMAIN/ alone: local names only");
    cmd->add_option("--cache-size", c->cache_size, "Answers kept in the cache")
        ->capture_default_str();
    cmd->add_option("--allow", c->allow,
                    "CIDR of clients to answer (default: loopback and the listen addresses' "
                    "networks); others get REFUSED");
    cmd->add_option("--hosts", c->hosts_file,
                    "hosts file whose names are answered authoritatively ('' for none)")
        ->capture_default_str();
    cmd->add_option("--threads", c->threads, "Worker threads (default: one per CPU)");
    cmd->add_option("--timeout", c->timeout_ms, "Milliseconds to wait for an upstream per try")
        ->capture_default_str()
        ->check(CLI::Range(10, 60000));
    cmd->add_option("--attempts", c->attempts, "Rounds over the upstream list before SERVFAIL")
        ->capture_default_str()
        ->check(CLI::Range(1, 10));
    cmd->add_option("--control", c->control_socket,
                    "Unix socket where `xgw dns stats` reads the counters")
        ->capture_default_str();
    on_run(cmd, ctx, [c] { return serve(*c); });
}

} // namespace xgw::cli
