#include "UpstreamQuery.h"

#include <ldns/ldns.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

namespace xgw::dns {
namespace {

struct PktFree {
    void operator()(ldns_pkt* p) const { ldns_pkt_free(p); }
};

} // namespace

std::vector<std::uint8_t> upstream_query(const std::uint8_t* query, std::size_t n,
                                         const QueryView& q) {
    // Only the header and question: the client's own OPT record is not passed on.
    std::vector<std::uint8_t> head(query, query + std::min(n, kHeaderSize + q.question_len));
    put16(head.data() + 10, 0);
    ldns_pkt* raw = nullptr;
    if (ldns_wire2pkt(&raw, head.data(), head.size()) != LDNS_STATUS_OK)
        return {};
    std::unique_ptr<ldns_pkt, PktFree> in(raw);
    std::unique_ptr<ldns_pkt, PktFree> out(ldns_pkt_new());
    ldns_pkt_set_rd(out.get(), true);
    ldns_pkt_set_cd(out.get(), q.flags & kFlagCd);
    ldns_pkt_push_rr(out.get(), LDNS_SECTION_QUESTION,
                     ldns_rr_clone(ldns_rr_list_rr(ldns_pkt_question(in.get()), 0)));
    ldns_pkt_set_edns_udp_size(out.get(), kEdnsBufferSize);
    ldns_pkt_set_edns_do(out.get(), q.do_bit);
    std::uint8_t* wire = nullptr;
    std::size_t size = 0;
    if (ldns_pkt2wire(&wire, out.get(), &size) != LDNS_STATUS_OK)
        return {};
    std::vector<std::uint8_t> bytes(wire, wire + size);
    std::free(wire);
    return bytes;
}

} // namespace xgw::dns
