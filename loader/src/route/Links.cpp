#include <xgw/route/Links.h>

#include <xgw/route/RouteSpec.h>

#include <net/if.h>
#include <netlink/cache.h>
#include <netlink/route/link.h>

#include <memory>

namespace xgw::route {
namespace {

struct LinkFree {
    void operator()(rtnl_link* l) const { rtnl_link_put(l); }
};
struct CacheFree {
    void operator()(nl_cache* c) const { nl_cache_free(c); }
};

LinkInfo from_nl(rtnl_link* l) {
    LinkInfo info;
    info.name = rtnl_link_get_name(l) ? rtnl_link_get_name(l) : "";
    info.ifindex = rtnl_link_get_ifindex(l);
    const unsigned flags = rtnl_link_get_flags(l);
    info.up = flags & IFF_UP;
    info.carrier = flags & IFF_RUNNING;
    info.mtu = rtnl_link_get_mtu(l);
    if (nl_addr* mac = rtnl_link_get_addr(l); mac && nl_addr_get_len(mac) == 6) {
        char buf[32];
        info.mac = nl_addr2str(mac, buf, sizeof buf);
    }
    return info;
}

} // namespace

Result<LinkChange> parse_link_args(const std::vector<std::string>& words) {
    LinkChange change;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (words[i] == "up" || words[i] == "down") {
            change.up = words[i] == "up";
        } else if (words[i] == "mtu" && i + 1 < words.size()) {
            auto mtu = parse_u32(words[++i], "mtu");
            if (!mtu)
                return mtu.error();
            change.mtu = *mtu;
        } else {
            return make_error(Errc::Usage,
                              "unexpected '" + words[i] + "' (expected up, down or mtu N)");
        }
    }
    if (!change.up && !change.mtu)
        return make_error(Errc::Usage, "nothing to set (up, down or mtu N)");
    return change;
}

Result<std::vector<LinkInfo>> list_links(const Netlink& nl) {
    nl_cache* raw = nullptr;
    if (int err = rtnl_link_alloc_cache(nl.sock(), AF_UNSPEC, &raw); err < 0)
        return nl_failure(err, "list links");
    std::unique_ptr<nl_cache, CacheFree> cache(raw);
    std::vector<LinkInfo> out;
    for (nl_object* o = nl_cache_get_first(raw); o; o = nl_cache_get_next(o))
        out.push_back(from_nl(reinterpret_cast<rtnl_link*>(o)));
    return out;
}

Result<void> set_link(const Netlink& nl, const std::string& ifname, const LinkChange& change) {
    std::string what = "link set " + ifname;
    auto idx = ifindex_of(ifname);
    if (!idx)
        return idx.error();
    std::unique_ptr<rtnl_link, LinkFree> orig(rtnl_link_alloc()), req(rtnl_link_alloc());
    if (!orig || !req)
        return make_error(Errc::Failed, what + ": out of memory");
    rtnl_link_set_ifindex(orig.get(), *idx);
    if (change.up) {
        *change.up ? rtnl_link_set_flags(req.get(), IFF_UP)
                   : rtnl_link_unset_flags(req.get(), IFF_UP);
        what += *change.up ? " up" : " down";
    }
    if (change.mtu) {
        rtnl_link_set_mtu(req.get(), *change.mtu);
        what += " mtu " + std::to_string(*change.mtu);
    }
    nl_msg* msg = nullptr;
    if (int err = rtnl_link_build_change_request(orig.get(), req.get(), 0, &msg); err < 0)
        return nl_failure(err, what);
    return nl.request(msg, what);
}

} // namespace xgw::route
