#include <xgw/route/Addresses.h>

#include "NlAddr.h"

#include <netlink/cache.h>
#include <netlink/route/addr.h>
#include <netlink/route/rtnl.h>

#include <memory>

namespace xgw::route {
namespace {

struct AddrObjFree {
    void operator()(rtnl_addr* a) const { rtnl_addr_put(a); }
};
struct CacheFree {
    void operator()(nl_cache* c) const { nl_cache_free(c); }
};

Error usage(std::string message) {
    return make_error(Errc::Usage, std::move(message));
}

Result<IpPrefix> parse_address(const std::string& text) {
    const auto slash = text.find('/');
    auto exact = IpPrefix::parse(text.substr(0, slash));
    auto given = IpPrefix::parse(text);
    if (!exact || !given)
        return given ? exact.error() : given.error();
    exact->length = given->length; // keep the host bits: they are the interface's address
    return exact;
}

Result<std::unique_ptr<rtnl_addr, AddrObjFree>> to_nl(const AddressEntry& e) {
    auto idx = ifindex_of(e.dev);
    if (!idx)
        return idx.error();
    std::unique_ptr<rtnl_addr, AddrObjFree> a(rtnl_addr_alloc());
    NlAddr local = to_nl_addr(e.address);
    if (!a || !local)
        return make_error(Errc::Failed, "out of memory");
    rtnl_addr_set_ifindex(a.get(), *idx);
    rtnl_addr_set_family(a.get(), af(e.address.family));
    if (int err = rtnl_addr_set_local(a.get(), local.get()); err < 0)
        return nl_failure(err, "address " + e.str());
    rtnl_addr_set_prefixlen(a.get(), e.address.length);
    return a;
}

AddressEntry from_nl(rtnl_addr* a) {
    AddressEntry e;
    e.address = from_nl_addr(rtnl_addr_get_local(a),
                             rtnl_addr_get_family(a) == AF_INET ? IpFamily::V4 : IpFamily::V6);
    e.address.length = static_cast<std::uint8_t>(rtnl_addr_get_prefixlen(a));
    e.dev = ifname_of(rtnl_addr_get_ifindex(a));
    char buf[32];
    e.scope = rtnl_scope2str(rtnl_addr_get_scope(a), buf, sizeof buf);
    return e;
}

} // namespace

std::string AddressEntry::str() const {
    IpPrefix host = address;
    host.length = host.maxLength();
    return host.str() + "/" + std::to_string(address.length);
}

Result<AddressEntry> parse_addr_args(const std::vector<std::string>& words) {
    AddressEntry e;
    bool have_addr = false;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string& w = words[i];
        if (w == "dev") {
            if (i + 1 >= words.size())
                return usage("'dev' needs an interface name");
            e.dev = words[++i];
        } else if (!have_addr) {
            auto a = parse_address(w);
            if (!a)
                return a.error();
            e.address = *a;
            have_addr = true;
        } else if (e.dev.empty()) {
            e.dev = w;
        } else {
            return usage("unexpected '" + w + "'");
        }
    }
    if (!have_addr)
        return usage("missing address (ADDR/LEN)");
    if (e.dev.empty())
        return usage("missing 'dev IF'");
    return e;
}

Result<std::vector<AddressEntry>> list_addresses(const Netlink& nl, const std::string& dev) {
    int idx = 0;
    if (!dev.empty()) {
        auto found = ifindex_of(dev);
        if (!found)
            return found.error();
        idx = *found;
    }
    nl_cache* raw = nullptr;
    if (int err = rtnl_addr_alloc_cache(nl.sock(), &raw); err < 0)
        return nl_failure(err, "list addresses");
    std::unique_ptr<nl_cache, CacheFree> cache(raw);
    std::vector<AddressEntry> out;
    for (nl_object* o = nl_cache_get_first(raw); o; o = nl_cache_get_next(o)) {
        auto* a = reinterpret_cast<rtnl_addr*>(o);
        if (idx == 0 || rtnl_addr_get_ifindex(a) == idx)
            out.push_back(from_nl(a));
    }
    return out;
}

Result<void> add_address(const Netlink& nl, const AddressEntry& addr) {
    const std::string what = "addr add " + addr.str() + " dev " + addr.dev;
    auto a = to_nl(addr);
    if (!a)
        return a.error().prefix(what);
    nl_msg* msg = nullptr;
    if (int err = rtnl_addr_build_add_request(a->get(), NLM_F_EXCL, &msg); err < 0)
        return nl_failure(err, what);
    return nl.request(msg, what);
}

Result<void> delete_address(const Netlink& nl, const AddressEntry& addr) {
    const std::string what = "addr delete " + addr.str() + " dev " + addr.dev;
    auto a = to_nl(addr);
    if (!a)
        return a.error().prefix(what);
    nl_msg* msg = nullptr;
    if (int err = rtnl_addr_build_delete_request(a->get(), 0, &msg); err < 0)
        return nl_failure(err, what);
    return nl.request(msg, what);
}

} // namespace xgw::route
