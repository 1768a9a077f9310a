// What xgwd looks after: from its command line, and from the box configuration
// (xgwd --config, daemon/ConfigDuties.h).
#pragma once

#include <xgw/Datapath.h>
#include <xgw/daemon/LogForwarderOptions.h>
#include <xgw/dns/ForwarderConfig.h>

#include <optional>
#include <string>
#include <vector>

namespace xgw::daemon {

struct InterfaceDuty {
    std::string name;
    AttachOptions options; // how to attach it whenever it (re)appears
};

struct Duties {
    std::vector<InterfaceDuty> interfaces;
    std::optional<std::string> metrics_listen; // "127.0.0.1:9469"; none: no metrics server
    std::optional<LogForwarderOptions> syslog; // none: the firewall log stays in its ring
    bool follow_addresses = true;              // me, me6 and masquerade follow the host's addresses
    std::optional<dns::ForwarderConfig> dns;   // [dns]: the caching forwarder; none: no forwarder
};

} // namespace xgw::daemon
