#include <xgw/daemon/InterfaceKeeper.h>

#include <xgw/BootClock.h>
#include <xgw/fw/FirewallControl.h>
#include <xgw/fw/RuleCompiler.h>

#include <net/if.h>
#include <syslog.h>

#include <cstdio>

namespace xgw::daemon {

const InterfaceDuty* InterfaceKeeper::duty(const std::string& name) const {
    for (const auto& d : duties_)
        if (d.name == name)
            return &d;
    return nullptr;
}

bool InterfaceKeeper::ensure_all() {
    bool attached = false;
    for (const auto& d : duties_) {
        if (if_nametoindex(d.name.c_str()) == 0) {
            notice_(LOG_NOTICE, d.name + ": not present; its programs go on when it appears");
            continue;
        }
        attached |= ensure(d, false);
    }
    for (const auto& d : duties_)
        keep_spare(d.options.acct_only);
    return attached;
}

void InterfaceKeeper::keep_spare(bool acct_only) {
    if (spare_[acct_only] && !spare_stale_[acct_only])
        return;
    auto dp = Datapath::open(paths_);
    auto spare =
        dp ? dp->load_spare(acct_only) : Result<std::shared_ptr<const Programs>>(dp.error());
    if (!spare) {
        counters_.errors++;
        notice_(LOG_ERR, "load spare programs: " + spare.error().message);
        return;
    }
    spare_[acct_only] = std::move(*spare);
    spare_stale_[acct_only] = false;
}

bool InterfaceKeeper::on_link(const route::LinkEvent& ev) {
    const InterfaceDuty* d = duty(ev.name);
    if (!d)
        return false;
    if (!ev.present) {
        counters_.links_gone++;
        notice_(LOG_WARNING, ev.name + ": gone (ifindex " + std::to_string(ev.ifindex) +
                                 "); its programs go on again when it comes back");
        return false;
    }
    // A link event also comes for every flag or address change: attach answers "already
    // attached" at once when the programs are in place.
    return ensure(*d, true);
}

bool InterfaceKeeper::ensure(const InterfaceDuty& d, bool appeared) {
    const std::int64_t t0 = clock_ns(CLOCK_MONOTONIC);
    auto dp = Datapath::open(paths_);
    const bool kind = d.options.acct_only;
    auto report =
        dp ? dp->attach(d.name, d.options, spare_[kind].get()) : Result<AttachReport>(dp.error());
    if (!report) {
        counters_.errors++;
        notice_(LOG_ERR, d.name + ": " + report.error().message);
        return false;
    }
    if (report->already_attached)
        return false;
    if (appeared)
        counters_.links_restored++;
    char took[32];
    std::snprintf(took, sizeof took, "%.1f ms", double(clock_ns(CLOCK_MONOTONIC) - t0) / 1e6);
    notice_(LOG_NOTICE, d.name + ": programs attached (XDP " +
                            std::string(to_string(report->mode)) + ", " + took +
                            (report->loaded ? ", programs loaded" : ", spare programs") + ")");
    spare_stale_[kind] |= report->loaded && spare_[kind];
    // Rules and NAT name interfaces by index, which a re-created interface has changed.
    fw::FirewallControl control(paths_, fw::current_host(), nullptr);
    if (auto rebound = control.rebind_interfaces(); !rebound) {
        counters_.errors++;
        notice_(LOG_ERR, d.name + ": compile the ruleset for it: " + rebound.error().message);
    }
    keep_spare(kind);
    return true;
}

} // namespace xgw::daemon
