#include <xgw/route/RouteTable.h>

#include "KernelRoute.h"
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
    auto routes = dump_kernel_routes(nl, query);
    if (!routes)
        return routes.error();
    std::vector<RouteEntry> out;
    for (auto& r : *routes)
        out.insert(out.end(), r.hops.begin(), r.hops.end());
    return out;
}

Result<void> add_route(const Netlink& nl, const RouteSpec& spec) {
    return send(nl, spec, false);
}

Result<void> delete_route(const Netlink& nl, const RouteSpec& spec) {
    return send(nl, spec, true);
}

Result<std::size_t> flush_routes(const Netlink& nl, const RouteQuery& query) {
    auto routes = dump_kernel_routes(nl, query);
    if (!routes)
        return routes.error();
    std::size_t removed = 0;
    for (const auto& r : *routes) {
        if (r.message.body<rtmsg>()->rtm_protocol == RTPROT_KERNEL)
            continue;
        if (auto ok = remove_route(nl, r, "route flush"); !ok)
            return ok.error();
        ++removed;
    }
    return removed;
}

} // namespace xgw::route
