#include <xgw/route/NetlinkEvents.h>

#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/socket.h>

#include <cstring>

namespace xgw::route {

namespace {

LinkEvent link_event(const nlmsghdr* h) {
    const auto* ifi = static_cast<const ifinfomsg*>(NLMSG_DATA(h));
    LinkEvent ev{h->nlmsg_type == RTM_NEWLINK, std::uint32_t(ifi->ifi_index), ""};
    int len = int(IFLA_PAYLOAD(h));
    for (auto* a = IFLA_RTA(ifi); RTA_OK(a, len); a = RTA_NEXT(a, len))
        if (a->rta_type == IFLA_IFNAME)
            ev.name.assign(static_cast<const char*>(RTA_DATA(a)),
                           strnlen(static_cast<const char*>(RTA_DATA(a)), RTA_PAYLOAD(a)));
    return ev;
}

} // namespace

Result<NetlinkEvents> NetlinkEvents::open(bool links) {
    UniqueFd fd(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_ROUTE));
    if (!fd)
        return Error::from_errno(errno, "open a netlink socket");
    sockaddr_nl sa{};
    sa.nl_family = AF_NETLINK;
    sa.nl_groups = RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR | (links ? RTMGRP_LINK : 0);
    if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0)
        return Error::from_errno(errno, "listen for link and address changes");
    return NetlinkEvents(std::move(fd));
}

NetlinkBatch NetlinkEvents::read() {
    NetlinkBatch batch;
    alignas(nlmsghdr) char buf[16384];
    for (;;) {
        const ssize_t n = ::recv(fd_.get(), buf, sizeof buf, 0);
        if (n < 0) {
            batch.overrun |= errno == ENOBUFS;
            if (errno == ENOBUFS || errno == EINTR)
                continue;
            return batch; // EAGAIN: all read
        }
        int len = int(n);
        for (auto* h = reinterpret_cast<const nlmsghdr*>(buf); NLMSG_OK(h, len);
             h = NLMSG_NEXT(h, len)) {
            if (h->nlmsg_type == RTM_NEWLINK || h->nlmsg_type == RTM_DELLINK)
                batch.links.push_back(link_event(h));
            else if (h->nlmsg_type == RTM_NEWADDR || h->nlmsg_type == RTM_DELADDR)
                batch.addresses = true;
        }
    }
}

} // namespace xgw::route
