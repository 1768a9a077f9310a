#include <xgw/daemon/ConfigDuties.h>

#include <xgw/config/Box.h>

#include <syslog.h>

namespace xgw::daemon {

Duties duties_from_config(const config::BoxConfig& box, const LogForwarderOptions& syslog) {
    Duties d;
    for (const auto& ic : box.interfaces)
        d.interfaces.push_back({ic.name, ic.attach_options()});
    if (box.metrics)
        d.metrics_listen = box.metrics->listen;
    if (box.log && box.log->syslog)
        d.syslog = syslog;
    if (box.dns)
        d.dns = box.dns->forwarder;
    return d;
}

Result<Duties> apply_config(const std::string& path, const LogForwarderOptions& syslog,
                            const Notice& notice) {
    auto box = config::Box::load(path);
    if (!box)
        return box.error();
    auto report = config::Box::apply(*box, {});
    if (!report)
        return report.error();
    for (const auto& w : report->warnings)
        notice(LOG_WARNING, path + ": " + w);
    notice(LOG_NOTICE, path + " applied: " + std::to_string(report->changes.size()) +
                           " changes, " + std::to_string(report->expectations) +
                           " expectations held");
    return duties_from_config(*box, syslog);
}

} // namespace xgw::daemon
