#include <xgw/route/RouteLookup.h>

#include <xgw/UniqueFd.h>

#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace xgw::route {

namespace {

struct Request {
    nlmsghdr nh;
    rtmsg rt;
    char attrs[128];
};

void put_attr(Request& req, unsigned short type, const void* data, std::size_t len) {
    auto* a = reinterpret_cast<rtattr*>(reinterpret_cast<char*>(&req) + NLMSG_ALIGN(req.nh.nlmsg_len));
    a->rta_type = type;
    a->rta_len = static_cast<unsigned short>(RTA_LENGTH(len));
    std::memcpy(RTA_DATA(a), data, len);
    req.nh.nlmsg_len = NLMSG_ALIGN(req.nh.nlmsg_len) + RTA_ALIGN(a->rta_len);
}

RouteDecision decision_of(const rtmsg* rt, int len, int family) {
    RouteDecision d;
    d.kind = rt->rtm_type == RTN_LOCAL ? RouteDecision::Kind::Local
             : rt->rtm_type == RTN_UNICAST ? RouteDecision::Kind::Forward
                                           : RouteDecision::Kind::Unreachable;
    if (d.kind == RouteDecision::Kind::Unreachable)
        d.reason = rt->rtm_type == RTN_BLACKHOLE ? "blackhole route"
                   : rt->rtm_type == RTN_PROHIBIT ? "prohibited route"
                                                 : "no route, or forwarding is off on the incoming "
                                                   "interface";
    for (auto* a = RTM_RTA(rt); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
        if (a->rta_type == RTA_OIF)
            std::memcpy(&d.oif, RTA_DATA(a), sizeof d.oif);
        if (a->rta_type == RTA_GATEWAY) {
            char buf[INET6_ADDRSTRLEN] = {};
            inet_ntop(family, RTA_DATA(a), buf, sizeof buf);
            d.gateway = buf;
        }
    }
    return d;
}

} // namespace

Result<RouteDecision> lookup_route(const IpPrefix& src, const IpPrefix& dst, std::uint32_t iif,
                                   std::uint32_t mark) {
    const bool v6 = dst.family == fw::IpFamily::V6;
    const std::size_t alen = v6 ? 16 : 4;
    Request req{};
    req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(rtmsg));
    req.nh.nlmsg_type = RTM_GETROUTE;
    req.nh.nlmsg_flags = NLM_F_REQUEST;
    req.nh.nlmsg_seq = 1;
    req.rt.rtm_family = v6 ? AF_INET6 : AF_INET;
    req.rt.rtm_dst_len = static_cast<unsigned char>(alen * 8);
    req.rt.rtm_src_len = static_cast<unsigned char>(alen * 8);
    put_attr(req, RTA_DST, dst.addr.data(), alen);
    put_attr(req, RTA_SRC, src.addr.data(), alen);
    if (iif)
        put_attr(req, RTA_IIF, &iif, sizeof iif);
    if (mark)
        put_attr(req, RTA_MARK, &mark, sizeof mark);

    UniqueFd fd(socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE));
    if (fd.get() < 0)
        return Error::from_errno(errno, "open a netlink socket");
    if (send(fd.get(), &req, req.nh.nlmsg_len, 0) < 0)
        return Error::from_errno(errno, "ask the kernel for a route");
    alignas(nlmsghdr) char buf[8192];
    const ssize_t n = recv(fd.get(), buf, sizeof buf, 0);
    if (n < 0)
        return Error::from_errno(errno, "read the kernel's route");
    auto* nh = reinterpret_cast<nlmsghdr*>(buf);
    if (!NLMSG_OK(nh, static_cast<unsigned>(n)))
        return make_error(Errc::Failed, "the kernel's route answer is truncated");
    if (nh->nlmsg_type == NLMSG_ERROR) {
        const int err = -reinterpret_cast<nlmsgerr*>(NLMSG_DATA(nh))->error;
        RouteDecision d;
        d.reason = err == ENETUNREACH || err == EHOSTUNREACH
                       ? "no route, or forwarding is off on the incoming interface"
                   : err == EINVAL ? "refused by the kernel (martian source or destination)"
                                   : std::strerror(err);
        return d;
    }
    auto* rt = static_cast<rtmsg*>(NLMSG_DATA(nh));
    return decision_of(rt, static_cast<int>(RTM_PAYLOAD(nh)), req.rt.rtm_family);
}

} // namespace xgw::route
