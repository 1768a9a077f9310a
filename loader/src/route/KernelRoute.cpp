#include "KernelRoute.h"

#include "NlAddr.h"

#include <linux/rtnetlink.h>
#include <netlink/msg.h>
#include <netlink/route/route.h>
#include <netlink/route/rtnl.h>

#include <memory>

namespace xgw::route {
namespace {

struct RouteFree {
    void operator()(rtnl_route* r) const { rtnl_route_put(r); }
};

// Flags a route is added with; the rest (linkdown, dead, offload, trap, ...) the kernel reports.
constexpr unsigned kUserFlags = RTNH_F_ONLINK | RTNH_F_PERVASIVE;

RouteType type_of(int t) {
    switch (t) {
    case RTN_UNICAST:
        return RouteType::Unicast;
    case RTN_LOCAL:
        return RouteType::Local;
    case RTN_BROADCAST:
        return RouteType::Broadcast;
    case RTN_MULTICAST:
        return RouteType::Multicast;
    case RTN_BLACKHOLE:
        return RouteType::Blackhole;
    case RTN_UNREACHABLE:
        return RouteType::Unreachable;
    case RTN_PROHIBIT:
        return RouteType::Prohibit;
    default:
        return RouteType::Other;
    }
}

std::vector<RouteEntry> hops_of(rtnl_route* r) {
    const IpFamily family = rtnl_route_get_family(r) == AF_INET ? IpFamily::V4 : IpFamily::V6;
    RouteEntry base;
    base.dest = from_nl_addr(rtnl_route_get_dst(r), family);
    base.metric = rtnl_route_get_priority(r);
    base.table = rtnl_route_get_table(r);
    base.type = type_of(rtnl_route_get_type(r));
    char buf[32];
    base.protocol = rtnl_route_proto2str(rtnl_route_get_protocol(r), buf, sizeof buf);
    const int n = rtnl_route_get_nnexthops(r);
    if (n == 0)
        return {base};
    std::vector<RouteEntry> out;
    for (int i = 0; i < n; ++i) {
        rtnl_nexthop* nh = rtnl_route_nexthop_n(r, i);
        RouteEntry e = base;
        if (const nl_addr* gw = rtnl_route_nh_get_gateway(nh))
            e.gateway = from_nl_addr(gw, family);
        if (int idx = rtnl_route_nh_get_ifindex(nh); idx > 0)
            e.dev = ifname_of(idx);
        e.up = !(rtnl_route_nh_get_flags(nh) & (RTNH_F_LINKDOWN | RTNH_F_DEAD));
        out.push_back(std::move(e));
    }
    return out;
}

bool wanted(rtnl_route* r, const RouteQuery& q) {
    const int family = rtnl_route_get_family(r);
    if ((family != AF_INET && family != AF_INET6) || (rtnl_route_get_flags(r) & RTM_F_CLONED))
        return false;
    return !q.table || rtnl_route_get_table(r) == *q.table;
}

// The message with only the flags an add may carry, in the header and in every next hop.
KernelMessage as_add(const KernelMessage& dumped) {
    KernelMessage msg = dumped;
    auto* rtm = msg.body<rtmsg>();
    rtm->rtm_flags &= kUserFlags;
    int len = static_cast<int>(RTM_PAYLOAD(msg.header()));
    for (rtattr* a = RTM_RTA(rtm); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
        if (a->rta_type != RTA_MULTIPATH)
            continue;
        int left = static_cast<int>(RTA_PAYLOAD(a));
        for (auto* nh = static_cast<rtnexthop*>(RTA_DATA(a)); RTNH_OK(nh, left);
             left -= NLMSG_ALIGN(nh->rtnh_len), nh = RTNH_NEXT(nh))
            nh->rtnh_flags &= kUserFlags;
    }
    return msg;
}

} // namespace

Result<std::vector<KernelRoute>> dump_kernel_routes(const Netlink& nl, const RouteQuery& q) {
    std::vector<KernelRoute> out;
    auto ok = nl.dump(
        RTM_GETROUTE, q.family ? af(*q.family) : AF_UNSPEC,
        [&](nl_msg* msg) {
            rtnl_route* r = nullptr;
            if (rtnl_route_parse(nlmsg_hdr(msg), &r) < 0 || !r)
                return;
            std::unique_ptr<rtnl_route, RouteFree> owned(r);
            if (wanted(r, q))
                out.push_back({hops_of(r), KernelMessage(nlmsg_hdr(msg))});
        },
        "list routes");
    if (!ok)
        return ok.error();
    return out;
}

Result<void> remove_route(const Netlink& nl, const KernelRoute& route, const std::string& what) {
    return route.message.send(nl, RTM_DELROUTE, 0, what);
}

Result<void> restore_route(const Netlink& nl, const KernelRoute& route, const std::string& what) {
    return as_add(route.message).send(nl, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, what);
}

} // namespace xgw::route
