// Where and how fast xgwd sends the firewall log to syslog.
#pragma once

#include <string>

namespace xgw::daemon {

struct LogForwarderOptions {
    std::string socket = "/dev/log";
    double rate = 100;  // messages per second, on average
    double burst = 200; // at once
};

} // namespace xgw::daemon
