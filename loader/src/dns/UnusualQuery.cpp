#include <xgw/dns/QueryView.h>
#include <xgw/dns/UnusualQuery.h>

#include <ldns/ldns.h>

#include <cstdlib>
#include <memory>

namespace xgw::dns {
namespace {

struct PktFree {
    void operator()(ldns_pkt* p) const { ldns_pkt_free(p); }
};

// The client's question, ID and flags, with nothing else but its EDNS0 size and DO bit.
std::vector<std::uint8_t> canonical(const ldns_pkt* in) {
    std::unique_ptr<ldns_pkt, PktFree> out(ldns_pkt_new());
    ldns_pkt_set_id(out.get(), ldns_pkt_id(in));
    ldns_pkt_set_rd(out.get(), ldns_pkt_rd(in));
    ldns_pkt_set_cd(out.get(), ldns_pkt_cd(in));
    ldns_rr* q = ldns_rr_clone(ldns_rr_list_rr(ldns_pkt_question(in), 0));
    ldns_pkt_push_rr(out.get(), LDNS_SECTION_QUESTION, q);
    if (ldns_pkt_edns(in)) {
        ldns_pkt_set_edns_udp_size(out.get(), ldns_pkt_edns_udp_size(in));
        ldns_pkt_set_edns_do(out.get(), ldns_pkt_edns_do(in));
    }
    std::uint8_t* wire = nullptr;
    std::size_t size = 0;
    if (ldns_pkt2wire(&wire, out.get(), &size) != LDNS_STATUS_OK)
        return {};
    std::vector<std::uint8_t> bytes(wire, wire + size);
    std::free(wire);
    return bytes;
}

} // namespace

UnusualQuery read_unusual_query(const std::uint8_t* p, std::size_t n) {
    UnusualQuery u;
    // Too short to answer, or itself a reply (answering replies makes loops): silence.
    if (n < kHeaderSize || (get16(p + 2) & kFlagQr))
        return u;
    u.kind = UnusualQuery::Reply;
    ldns_pkt* raw = nullptr;
    if (ldns_wire2pkt(&raw, p, n) != LDNS_STATUS_OK) {
        u.rcode = kFormErr;
        return u;
    }
    std::unique_ptr<ldns_pkt, PktFree> pkt(raw);
    if (ldns_pkt_get_opcode(pkt.get()) != LDNS_PACKET_QUERY) {
        u.rcode = kNotImp;
        return u;
    }
    if (ldns_pkt_qdcount(pkt.get()) != 1 || ldns_pkt_ancount(pkt.get()) != 0) {
        u.rcode = kFormErr;
        return u;
    }
    u.canonical = canonical(pkt.get());
    if (u.canonical.empty() || !scan_query(u.canonical.data(), u.canonical.size())) {
        u.canonical.clear();
        u.rcode = kFormErr;
        return u;
    }
    if (ldns_pkt_edns(pkt.get()) && ldns_pkt_edns_version(pkt.get()) > 0) {
        u.rcode = kBadVers;
        return u;
    }
    u.kind = UnusualQuery::Serve;
    return u;
}

} // namespace xgw::dns
