#include <xgw/dns/IpText.h>
#include <xgw/dns/LocalHosts.h>

#include <ldns/ldns.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <memory>
#include <sys/socket.h>

namespace xgw::dns {
namespace {

struct PktFree {
    void operator()(ldns_pkt* p) const { ldns_pkt_free(p); }
};

struct Addresses {
    std::vector<std::string> v4, v6;
};

// The answer to "name type IN" in wire form, as ldns writes it; the question is the key.
Result<std::pair<std::string, CachedAnswer>> answer_for(const std::string& name, ldns_rr_type type,
                                                        const std::vector<std::string>& addrs) {
    std::unique_ptr<ldns_pkt, PktFree> pkt(ldns_pkt_new());
    ldns_pkt_set_qr(pkt.get(), true);
    ldns_pkt_set_aa(pkt.get(), true);
    ldns_pkt_set_ra(pkt.get(), true);
    ldns_rr* q = ldns_rr_new();
    ldns_rr_set_owner(q, ldns_dname_new_frm_str(name.c_str()));
    ldns_rr_set_type(q, type);
    ldns_rr_set_class(q, LDNS_RR_CLASS_IN);
    ldns_rr_set_question(q, true);
    ldns_pkt_push_rr(pkt.get(), LDNS_SECTION_QUESTION, q);
    for (const auto& a : addrs) {
        ldns_rr* rr = nullptr;
        std::string text = name + ". 0 IN " + (type == LDNS_RR_TYPE_A ? "A " : "AAAA ") + a;
        if (ldns_rr_new_frm_str(&rr, text.c_str(), 0, nullptr, nullptr) != LDNS_STATUS_OK)
            return make_error(Errc::Usage, "hosts: cannot encode '" + text + "'");
        ldns_pkt_push_rr(pkt.get(), LDNS_SECTION_ANSWER, rr);
    }
    std::uint8_t* wire = nullptr;
    std::size_t size = 0;
    if (ldns_pkt2wire(&wire, pkt.get(), &size) != LDNS_STATUS_OK)
        return make_error(Errc::Failed, "hosts: cannot encode the answer for " + name);
    CachedAnswer a;
    a.wire.assign(reinterpret_cast<const char*>(wire), size);
    std::free(wire);
    a.local = true;
    // The question as the cache keys it: the name in wire form, then type and class.
    std::size_t name_len = 0;
    while (a.wire[kHeaderSize + name_len] != 0)
        name_len += 1 + static_cast<std::uint8_t>(a.wire[kHeaderSize + name_len]);
    auto key = a.wire.substr(kHeaderSize, name_len + 1 + 4);
    return std::pair{std::move(key), std::move(a)};
}

} // namespace

Result<LocalHosts> LocalHosts::make(const HostsFile& hosts) {
    std::map<std::string, Addresses> names;
    for (const auto& e : hosts.entries) {
        auto fam = ip_family_of(e.address);
        // A scoped IPv6 address (fe80::1%eth0) means nothing to a remote client.
        if (e.address.find('%') != std::string::npos)
            continue;
        for (auto n : e.names) {
            std::transform(n.begin(), n.end(), n.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            auto& a = names[n];
            auto& list = fam == AF_INET ? a.v4 : a.v6;
            if (std::find(list.begin(), list.end(), e.address) == list.end())
                list.push_back(e.address);
        }
    }
    LocalHosts out;
    for (const auto& [name, a] : names)
        for (auto type : {LDNS_RR_TYPE_A, LDNS_RR_TYPE_AAAA}) {
            auto ans = answer_for(name, type, type == LDNS_RR_TYPE_A ? a.v4 : a.v6);
            if (!ans)
                return ans.error();
            out.answers_.insert(std::move(*ans));
        }
    return out;
}

const CachedAnswer* LocalHosts::find(std::string_view key) const {
    if (answers_.empty())
        return nullptr;
    auto it = answers_.find(key.substr(1));
    return it == answers_.end() ? nullptr : &it->second;
}

} // namespace xgw::dns
