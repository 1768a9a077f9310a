#include <xgw/dns/AddressLookup.h>

#include <xgw/dns/Endpoint.h>
#include <xgw/dns/HostsFile.h>

#include <ldns/ldns.h>

#include <algorithm>
#include <arpa/inet.h>
#include <cstring>
#include <memory>
#include <tuple>

namespace xgw::dns {
namespace {

struct ResolverFree {
    void operator()(ldns_resolver* r) const { ldns_resolver_deep_free(r); }
};
struct PktFree {
    void operator()(ldns_pkt* p) const { ldns_pkt_free(p); }
};
struct RdfFree {
    void operator()(ldns_rdf* r) const { ldns_rdf_deep_free(r); }
};
using ResolverPtr = std::unique_ptr<ldns_resolver, ResolverFree>;

// A name without addresses is asked again after this when its SOA gives no negative TTL.
constexpr std::uint32_t kDefaultNegativeTtl = 60;

Result<ResolverPtr> resolver_for(const std::string& server) {
    ldns_resolver* raw = nullptr;
    if (server.empty()) {
        if (ldns_resolver_new_frm_file(&raw, nullptr) != LDNS_STATUS_OK || !raw)
            return make_error(Errc::NotFound, "no nameserver in /etc/resolv.conf");
        return ResolverPtr(raw);
    }
    auto e = parse_endpoint(server);
    if (!e)
        return e.error().prefix("server '" + server + "'");
    ResolverPtr r(ldns_resolver_new());
    char text[INET6_ADDRSTRLEN] = {};
    const bool v4 = e->family() == AF_INET;
    const void* addr =
        v4 ? static_cast<const void*>(&reinterpret_cast<const sockaddr_in*>(&e->addr)->sin_addr)
           : &reinterpret_cast<const sockaddr_in6*>(&e->addr)->sin6_addr;
    ::inet_ntop(e->family(), addr, text, sizeof text);
    std::unique_ptr<ldns_rdf, RdfFree> ns(
        ldns_rdf_new_frm_str(v4 ? LDNS_RDF_TYPE_A : LDNS_RDF_TYPE_AAAA, text));
    if (!ns || ldns_resolver_push_nameserver(r.get(), ns.get()) != LDNS_STATUS_OK)
        return make_error(Errc::Usage, "server '" + server + "' is not an address");
    const auto port = v4 ? reinterpret_cast<const sockaddr_in*>(&e->addr)->sin_port
                         : reinterpret_cast<const sockaddr_in6*>(&e->addr)->sin6_port;
    ldns_resolver_set_port(r.get(), ntohs(port));
    ldns_resolver_set_recursive(r.get(), true);
    return r;
}

std::uint32_t negative_ttl(const ldns_pkt* p) {
    const ldns_rr_list* auth = ldns_pkt_authority(p);
    for (std::size_t i = 0; i < ldns_rr_list_rr_count(auth); i++) {
        const ldns_rr* rr = ldns_rr_list_rr(auth, i);
        if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_SOA && ldns_rr_rd_count(rr) == 7)
            return std::min(ldns_rr_ttl(rr), ldns_rdf2native_int32(ldns_rr_rdf(rr, 6)));
    }
    return kDefaultNegativeTtl;
}

// The records of type (A or AAAA) in the answer section into out: the name's own, or those at
// the end of its CNAME chain. Their smallest TTL; UINT32_MAX when there is none.
std::uint32_t add_addresses(const ldns_pkt* p, ldns_rr_type type, std::vector<fw::IpPrefix>& out) {
    std::uint32_t ttl = UINT32_MAX;
    const ldns_rr_list* answer = ldns_pkt_answer(p);
    for (std::size_t i = 0; i < ldns_rr_list_rr_count(answer); i++) {
        const ldns_rr* rr = ldns_rr_list_rr(answer, i);
        if (ldns_rr_get_type(rr) != type || ldns_rr_rd_count(rr) != 1)
            continue;
        const ldns_rdf* rd = ldns_rr_rdf(rr, 0);
        fw::IpPrefix a;
        a.family = type == LDNS_RR_TYPE_A ? fw::IpFamily::V4 : fw::IpFamily::V6;
        a.length = a.maxLength();
        if (ldns_rdf_size(rd) != a.length / 8u)
            continue;
        std::memcpy(a.addr.data(), ldns_rdf_data(rd), ldns_rdf_size(rd));
        out.push_back(a);
        ttl = std::min(ttl, ldns_rr_ttl(rr));
    }
    return ttl;
}

void sort_addresses(std::vector<fw::IpPrefix>& v) {
    std::sort(v.begin(), v.end(), [](const fw::IpPrefix& a, const fw::IpPrefix& b) {
        return std::tie(a.family, a.addr) < std::tie(b.family, b.addr);
    });
    v.erase(std::unique(v.begin(), v.end()), v.end());
}

// One question (A or AAAA): its addresses into out, its TTL into ttl (the smaller wins).
Result<void> ask(ldns_resolver* r, const ldns_rdf* dname, const std::string& name,
                 ldns_rr_type type, AddressAnswer& out, bool& first) {
    ldns_pkt* raw = nullptr;
    const ldns_status s =
        ldns_resolver_query_status(&raw, r, dname, type, LDNS_RR_CLASS_IN, LDNS_RD);
    std::unique_ptr<ldns_pkt, PktFree> p(raw);
    if (s != LDNS_STATUS_OK || !p)
        return make_error(Errc::Failed, "resolve " + name + ": " + ldns_get_errorstr_by_id(s));
    const ldns_pkt_rcode rcode = ldns_pkt_get_rcode(p.get());
    if (rcode == LDNS_RCODE_NXDOMAIN)
        return make_error(Errc::NotFound, "resolve " + name + ": no such name (NXDOMAIN)");
    if (rcode != LDNS_RCODE_NOERROR) {
        char* text = ldns_pkt_rcode2str(rcode);
        std::string why = text ? text : "error";
        free(text);
        return make_error(Errc::Failed, "resolve " + name + ": the server answered " + why);
    }
    std::uint32_t ttl = add_addresses(p.get(), type, out.addresses);
    if (ttl == UINT32_MAX)
        ttl = negative_ttl(p.get());
    out.ttl = first ? ttl : std::min(out.ttl, ttl);
    first = false;
    return {};
}

} // namespace

Result<AddressAnswer> lookup_addresses(const std::string& name, const std::string& server) {
    if (!is_host_name(name))
        return make_error(Errc::Usage, "'" + name + "' is not a host name");
    auto r = resolver_for(server);
    if (!r)
        return r.error();
    ldns_resolver_set_timeout(r->get(), timeval{2, 0});
    ldns_resolver_set_retry(r->get(), 2);
    std::unique_ptr<ldns_rdf, RdfFree> dname(ldns_dname_new_frm_str(name.c_str()));
    if (!dname)
        return make_error(Errc::Usage, "'" + name + "' is not a host name");
    AddressAnswer out;
    bool first = true;
    for (ldns_rr_type type : {LDNS_RR_TYPE_A, LDNS_RR_TYPE_AAAA})
        if (auto ok = ask(r->get(), dname.get(), name, type, out, first); !ok)
            return ok.error();
    sort_addresses(out.addresses);
    return out;
}

AddressAnswer addresses_in_answer(const std::uint8_t* wire, std::size_t n) {
    AddressAnswer out;
    ldns_pkt* raw = nullptr;
    if (ldns_wire2pkt(&raw, wire, n) != LDNS_STATUS_OK)
        return out;
    std::unique_ptr<ldns_pkt, PktFree> p(raw);
    const std::uint32_t ttl = std::min(add_addresses(p.get(), LDNS_RR_TYPE_A, out.addresses),
                                       add_addresses(p.get(), LDNS_RR_TYPE_AAAA, out.addresses));
    out.ttl = out.addresses.empty() ? 0 : ttl;
    sort_addresses(out.addresses);
    return out;
}

} // namespace xgw::dns
