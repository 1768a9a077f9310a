// How the daemon's parts tell their runner what happened (the library never prints).
#pragma once

#include <functional>
#include <string>

namespace xgw::daemon {

// severity: LOG_ERR, LOG_WARNING, LOG_NOTICE, LOG_INFO (syslog.h).
using Notice = std::function<void(int severity, const std::string& message)>;

} // namespace xgw::daemon
