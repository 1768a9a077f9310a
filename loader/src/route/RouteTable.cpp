#include <xgw/route/RouteTable.h>

#include "NlAddr.h"

#include <netlink/msg.h>
#include <netlink/route/route.h>
#include <netlink/route/rtnl.h>

#include <memory>

namespace xgw::route {
namespace {

template <class T, void (*Free)(T*)> struct NlFree {
    void operator()(T* p) const { Free(p); }
};
using RouteObj = std::unique_ptr<rtnl_route, NlFree<rtnl_route, rtnl_route_put>>;

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

void add_entries(rtnl_route* r, std::vector<RouteEntry>& out) {
    const IpFamily family = rtnl_route_get_family(r) == AF_INET ? IpFamily::V4 : IpFamily::V6;
    RouteEntry base;
    base.dest = from_nl_addr(rtnl_route_get_dst(r), family);
    base.metric = rtnl_route_get_priority(r);
    base.table = rtnl_route_get_table(r);
    base.type = type_of(rtnl_route_get_type(r));
    char buf[32];
    base.protocol = rtnl_route_proto2str(rtnl_route_get_protocol(r), buf, sizeof buf);
    const int hops = rtnl_route_get_nnexthops(r);
    if (hops == 0)
        out.push_back(base);
    for (int i = 0; i < hops; ++i) {
        rtnl_nexthop* nh = rtnl_route_nexthop_n(r, i);
        RouteEntry e = base;
        if (const nl_addr* gw = rtnl_route_nh_get_gateway(nh))
            e.gateway = from_nl_addr(gw, family);
        if (int idx = rtnl_route_nh_get_ifindex(nh); idx > 0)
            e.dev = ifname_of(idx);
        e.up = !(rtnl_route_nh_get_flags(nh) & (RTNH_F_LINKDOWN | RTNH_F_DEAD));
        out.push_back(std::move(e));
    }
}

bool wanted(rtnl_route* r, const RouteQuery& q) {
    const int family = rtnl_route_get_family(r);
    if ((family != AF_INET && family != AF_INET6) || (rtnl_route_get_flags(r) & RTM_F_CLONED))
        return false;
    return !q.table || rtnl_route_get_table(r) == *q.table;
}

// Every wanted route of the query, straight from the kernel.
Result<std::vector<RouteObj>> dump_routes(const Netlink& nl, const RouteQuery& q) {
    std::vector<RouteObj> out;
    auto ok = nl.dump(
        RTM_GETROUTE, q.family ? af(*q.family) : AF_UNSPEC,
        [&](nl_msg* msg) {
            rtnl_route* r = nullptr;
            if (rtnl_route_parse(nlmsg_hdr(msg), &r) < 0 || !r)
                return;
            RouteObj owned(r);
            if (wanted(r, q))
                out.push_back(std::move(owned));
        },
        "list routes");
    if (!ok)
        return ok.error();
    return out;
}

// The netlink form of a spec; for a delete, unset fields match any route.
Result<RouteObj> build(const RouteSpec& spec, bool for_delete) {
    RouteObj r(rtnl_route_alloc());
    NlAddr dst = to_nl_addr(spec.dest);
    if (!r || !dst)
        return make_error(Errc::Failed, "route " + spec.str() + ": out of memory");
    rtnl_route_set_family(r.get(), af(spec.dest.family));
    rtnl_route_set_dst(r.get(), dst.get());
    rtnl_route_set_table(r.get(), spec.table);
    rtnl_route_set_type(r.get(), RTN_UNICAST);
    rtnl_route_set_protocol(r.get(), for_delete ? RTPROT_UNSPEC : RTPROT_STATIC);
    if (for_delete)
        rtnl_route_set_scope(r.get(), RT_SCOPE_NOWHERE);
    if (spec.metric)
        rtnl_route_set_priority(r.get(), *spec.metric);
    if (!spec.gateway && spec.dev.empty())
        return r;
    rtnl_nexthop* nh = rtnl_route_nh_alloc();
    if (!nh)
        return make_error(Errc::Failed, "route " + spec.str() + ": out of memory");
    rtnl_route_add_nexthop(r.get(), nh); // the route owns it from here
    if (spec.gateway) {
        NlAddr gw = to_nl_addr(*spec.gateway);
        rtnl_route_nh_set_gateway(nh, gw.get());
    }
    if (!spec.dev.empty()) {
        auto idx = ifindex_of(spec.dev);
        if (!idx)
            return idx.error().prefix("route " + spec.str());
        rtnl_route_nh_set_ifindex(nh, *idx);
    }
    return r;
}

Result<void> send(const Netlink& nl, const RouteSpec& spec, bool del) {
    auto r = build(spec, del);
    if (!r)
        return r.error();
    nl_msg* msg = nullptr;
    const std::string what = std::string(del ? "route delete " : "route add ") + spec.str();
    int err = del ? rtnl_route_build_del_request(r->get(), 0, &msg)
                  : rtnl_route_build_add_request(r->get(), NLM_F_EXCL, &msg);
    if (err < 0)
        return nl_failure(err, what);
    auto ok = nl.request(msg, what);
    if (!ok && del && ok.error().sys_errno == ESRCH)
        ok.error().message = what + ": no such route";
    return ok;
}

} // namespace

Result<std::vector<RouteEntry>> list_routes(const Netlink& nl, const RouteQuery& query) {
    auto routes = dump_routes(nl, query);
    if (!routes)
        return routes.error();
    std::vector<RouteEntry> out;
    for (const auto& r : *routes)
        add_entries(r.get(), out);
    return out;
}

Result<void> add_route(const Netlink& nl, const RouteSpec& spec) {
    return send(nl, spec, false);
}

Result<void> delete_route(const Netlink& nl, const RouteSpec& spec) {
    return send(nl, spec, true);
}

Result<std::size_t> flush_routes(const Netlink& nl, const RouteQuery& query) {
    auto routes = dump_routes(nl, query);
    if (!routes)
        return routes.error();
    std::size_t removed = 0;
    for (const auto& r : *routes) {
        if (rtnl_route_get_protocol(r.get()) == RTPROT_KERNEL)
            continue;
        nl_msg* msg = nullptr;
        if (int err = rtnl_route_build_del_request(r.get(), 0, &msg); err < 0)
            return nl_failure(err, "route flush");
        if (auto ok = nl.request(msg, "route flush"); !ok)
            return ok.error();
        ++removed;
    }
    return removed;
}

} // namespace xgw::route
