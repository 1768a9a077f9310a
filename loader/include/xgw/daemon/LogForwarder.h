// Sends the events of the firewall's `log` rules to syslog (facility authpriv), one RFC 5424
// message each with the rule, verdict, packet summary and the kernel's timestamp as
// structured data, under a rate limit whose suppressions are counted and reported.
#pragma once

#include <xgw/Result.h>
#include <xgw/bpf/PinPaths.h>
#include <xgw/bpf/RingBuffer.h>
#include <xgw/daemon/LogForwarderOptions.h>
#include <xgw/daemon/SyslogMessage.h>
#include <xgw/daemon/SyslogSocket.h>
#include <xgw/daemon/TokenBucket.h>
#include <xgw/fw/FirewallLog.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace xgw::daemon {

// Shared with the metrics thread, hence atomics.
struct LogCounts {
    std::atomic<std::uint64_t> forwarded{0};  // messages the syslog socket took
    std::atomic<std::uint64_t> suppressed{0}; // events the rate limit held back
    std::atomic<std::uint64_t> unsent{0};     // messages the socket refused (receiver busy or gone)
};

class LogForwarder {
  public:
    // counts must outlive the forwarder.
    static Result<std::unique_ptr<LogForwarder>>
    open(const PinPaths& paths, const LogForwarderOptions& options, LogCounts& counts);

    // Readable when events wait in the ring.
    int fd() const { return ring_->epoll_fd(); }
    // Forwards every event waiting now.
    Result<void> drain();
    // Whether the ring is still the one pinned under paths (`detach --all --purge` and a
    // new attach make another).
    bool is_current(const PinPaths& paths) const { return log_.is_current(paths); }
    // Events the kernel could not put in the ring (full while nobody read it).
    Result<std::uint64_t> lost_in_kernel() const;

  private:
    LogForwarder(fw::FirewallLog log, SyslogSocket socket, const LogForwarderOptions& options,
                 LogCounts& counts);
    void forward(const xgw_fw_log_event& ev);
    void send(int severity, std::int64_t wall_ns, std::string msgid, std::vector<StructuredData> sd,
              std::string text);

    fw::FirewallLog log_;
    std::optional<RingBuffer> ring_; // set once this object has its final address
    SyslogSocket socket_;
    TokenBucket limit_;
    std::uint64_t held_back_ = 0; // suppressed since the last message that went out
    LogCounts& counts_;
    std::string hostname_, procid_;
};

} // namespace xgw::daemon
