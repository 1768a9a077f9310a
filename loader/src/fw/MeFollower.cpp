#include <xgw/fw/MeFollower.h>

#include <xgw/UniqueFd.h>
#include <xgw/fw/RuleCompiler.h>
#include <xgw/nat/InterfaceAddresses.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <sys/socket.h>

namespace xgw::fw {

namespace {

// A socket that hears of every IPv4 and IPv6 address change.
Result<UniqueFd> address_events() {
    UniqueFd fd(socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_ROUTE));
    if (fd.get() < 0)
        return Error::from_errno(errno, "open a netlink socket");
    sockaddr_nl sa{};
    sa.nl_family = AF_NETLINK;
    sa.nl_groups = RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR;
    if (bind(fd.get(), reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0)
        return Error::from_errno(errno, "listen for address changes");
    return fd;
}

// Reads whatever is queued; true when something was.
bool drain(int fd) {
    char buf[8192];
    bool any = false;
    while (recv(fd, buf, sizeof buf, 0) > 0)
        any = true;
    return any || errno == ENOBUFS; // overrun: changes were lost, so sync anyway
}

} // namespace

Result<void> follow_host_addresses(const std::function<Result<void>()>& sync, bool follow,
                                   const std::function<bool()>& stop) {
    // Listen first, so a change between the first sync and the loop is not missed.
    auto events = address_events();
    if (!events)
        return events.error();
    if (auto ok = sync(); !ok)
        return ok;
    while (follow && !stop()) {
        pollfd p{events->get(), POLLIN, 0};
        if (poll(&p, 1, 200) > 0 && drain(events->get()))
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
