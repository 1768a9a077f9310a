// xgwd's duties from the box configuration (/etc/xgw/xgw.conf, docs/config.md): the
// [interfaces.*] it names are kept attached as they say, [metrics] is served and
// [log] syslog = true sends the firewall log to syslog.
#pragma once

#include <xgw/Result.h>
#include <xgw/config/BoxConfig.h>
#include <xgw/daemon/Duties.h>
#include <xgw/daemon/Notice.h>

#include <string>

namespace xgw::daemon {

// The duties a loaded configuration gives; syslog says where and how fast its log goes.
Duties duties_from_config(const config::BoxConfig& box, const LogForwarderOptions& syslog);

// Loads path, applies it whole (or changes nothing and fails, naming file:line:column) and
// returns the duties it gives. Tells notice what changed.
Result<Duties> apply_config(const std::string& path, const LogForwarderOptions& syslog,
                            const Notice& notice);

} // namespace xgw::daemon
