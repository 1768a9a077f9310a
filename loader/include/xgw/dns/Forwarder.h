// The caching forwarder: worker threads, each with its own sockets on every listen address
// (SO_REUSEPORT), sharing one answer cache; a control socket that hands out the counters.
#pragma once

#include <xgw/Result.h>
#include <xgw/dns/AnswerTap.h>
#include <xgw/dns/DnsStats.h>
#include <xgw/dns/ForwarderConfig.h>

#include <atomic>
#include <memory>

namespace xgw::dns {

class Forwarder {
  public:
    // Checks the configuration and opens every socket; errors before anything serves. tap,
    // when given, hears of every answer relayed from upstream.
    static Result<std::unique_ptr<Forwarder>> open(const ForwarderConfig& config,
                                                   std::shared_ptr<AnswerTap> tap = nullptr);
    ~Forwarder();

    // Serves until stop becomes true.
    Result<void> run(const std::atomic<bool>& stop);
    DnsStats stats() const;
    // What the forwarder listens on, for the operator: "udp+tcp 127.0.0.1:53".
    std::vector<std::string> listening() const;

    struct State;

  private:
    explicit Forwarder(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

// Asks a running forwarder's control socket for "json" or "prometheus".
Result<std::string> query_control_socket(const std::string& path, const std::string& what);

} // namespace xgw::dns
