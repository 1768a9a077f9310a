// The caching DNS forwarder of the box configuration's [dns], run by xgwd: `xgw dns serve`'s
// engine on threads of its own, stopped and started again when a reload changes it.
#pragma once

#include <xgw/Result.h>
#include <xgw/bpf/PinPaths.h>
#include <xgw/daemon/Notice.h>
#include <xgw/dns/Forwarder.h>
#include <xgw/dns/ForwarderConfig.h>

#include <atomic>
#include <memory>
#include <thread>

namespace xgw::daemon {

class DnsDuty {
  public:
    // Opens every socket first: an address that cannot be served is an error here. The
    // namespace's tables that learn names (paths) hear of every answer relayed.
    static Result<std::unique_ptr<DnsDuty>> start(const dns::ForwarderConfig& config,
                                                  const PinPaths& paths, Notice notice);
    ~DnsDuty(); // stops the workers and waits for them
    DnsDuty(const DnsDuty&) = delete;
    DnsDuty& operator=(const DnsDuty&) = delete;

    const dns::ForwarderConfig& config() const { return config_; }

  private:
    DnsDuty(dns::ForwarderConfig config, std::unique_ptr<dns::Forwarder> forwarder);
    dns::ForwarderConfig config_;
    std::unique_ptr<dns::Forwarder> forwarder_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

} // namespace xgw::daemon
