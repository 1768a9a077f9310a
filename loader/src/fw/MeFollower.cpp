#include <xgw/fw/MeFollower.h>

#include <xgw/fw/RuleCompiler.h>
#include <xgw/nat/InterfaceAddresses.h>
#include <xgw/route/NetlinkEvents.h>

#include <poll.h>

namespace xgw::fw {

Result<void> follow_host_addresses(const std::function<Result<void>()>& sync, bool follow,
                                   const std::function<bool()>& stop) {
    // Listen first, so a change between the first sync and the loop is not missed.
    auto events = route::NetlinkEvents::open(false);
    if (!events)
        return events.error();
    if (auto ok = sync(); !ok)
        return ok;
    while (follow && !stop()) {
        pollfd p{events->fd(), POLLIN, 0};
        if (poll(&p, 1, 200) <= 0)
            continue;
        if (auto batch = events->read(); batch.addresses || batch.overrun)
            if (auto ok = sync(); !ok)
                return ok;
    }
    return {};
}

Result<void> sync_host_addresses(const FirewallTables& tables, const PinPaths& paths) {
    if (auto ok = tables.sync_me(current_host().addresses); !ok)
        return ok;
    return nat::sync_interface_addresses(paths);
}

} // namespace xgw::fw
