#include <xgw/dns/UpstreamAnswer.h>

#include <ldns/ldns.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace xgw::dns {
namespace {

struct PktFree {
    void operator()(ldns_pkt* p) const { ldns_pkt_free(p); }
};

// Where each record starts and ends and what it holds, found by walking the wire (ldns parsed
// it already, so the layout is sound; the bounds are checked all the same).
struct RecordAt {
    std::size_t start, ttl_at, rdata_at, end;
    std::uint16_t type;
    int section; // 0 answer, 1 authority, 2 additional
};

// Skips a name (labels, ending in a zero or a compression pointer); 0 when it runs out.
std::size_t skip_name(const std::uint8_t* p, std::size_t n, std::size_t at) {
    while (at < n) {
        std::uint8_t len = p[at];
        if ((len & 0xc0) == 0xc0)
            return at + 2 <= n ? at + 2 : 0;
        if (len & 0xc0)
            return 0;
        at += 1 + len;
        if (len == 0)
            return at;
    }
    return 0;
}

bool walk(const std::uint8_t* p, std::size_t n, std::size_t at, std::vector<RecordAt>& out) {
    const std::uint16_t counts[3] = {get16(p + 6), get16(p + 8), get16(p + 10)};
    for (int s = 0; s < 3; s++)
        for (unsigned i = 0; i < counts[s]; i++) {
            RecordAt r{};
            r.start = at;
            at = skip_name(p, n, at);
            if (at == 0 || at + 10 > n)
                return false;
            r.type = get16(p + at);
            r.ttl_at = at + 4;
            r.rdata_at = at + 10;
            r.end = r.rdata_at + get16(p + at + 8);
            r.section = s;
            if (r.end > n)
                return false;
            out.push_back(r);
            at = r.end;
        }
    return at == n;
}

bool same_question(const std::uint8_t* p, std::size_t n, std::string_view key) {
    const std::size_t qlen = key.size() - 1;
    if (kHeaderSize + qlen > n)
        return false;
    for (std::size_t i = 0; i < qlen; i++) {
        auto c = p[kHeaderSize + i];
        bool in_name = i + 4 < qlen;
        if ((in_name ? static_cast<std::uint8_t>(std::tolower(c)) : c) !=
            static_cast<std::uint8_t>(key[1 + i]))
            return false;
    }
    return true;
}

// RFC 2308 5: the negative TTL is the smaller of the SOA record's TTL and its MINIMUM field.
std::uint32_t negative_ttl(const std::uint8_t* p, const std::vector<RecordAt>& records) {
    for (const auto& r : records)
        if (r.section == 1 && r.type == kTypeSoa && r.end >= r.rdata_at + 4)
            return std::min(get32(p + r.ttl_at), get32(p + r.end - 4));
    return 0;
}

} // namespace

CheckedAnswer check_answer(const std::uint8_t* p, std::size_t n, std::uint16_t id,
                           std::string_view key, std::int64_t now_ms) {
    CheckedAnswer out;
    ldns_pkt* raw = nullptr;
    if (n < kHeaderSize || ldns_wire2pkt(&raw, p, n) != LDNS_STATUS_OK)
        return out;
    std::unique_ptr<ldns_pkt, PktFree> pkt(raw);
    if (ldns_pkt_id(pkt.get()) != id || !ldns_pkt_qr(pkt.get()) ||
        ldns_pkt_qdcount(pkt.get()) != 1 || !same_question(p, n, key)) {
        out.check = AnswerCheck::Mismatch;
        return out;
    }
    if (ldns_pkt_tc(pkt.get())) {
        out.check = AnswerCheck::Truncated;
        return out;
    }
    auto rcode = ldns_pkt_get_rcode(pkt.get());
    if (rcode != LDNS_RCODE_NOERROR && rcode != LDNS_RCODE_NXDOMAIN) {
        out.check = AnswerCheck::Failed;
        return out;
    }
    std::vector<RecordAt> records;
    if (!walk(p, n, kHeaderSize + key.size() - 1, records))
        return out;
    // We keep the answer without its OPT record (each client gets its own); it must be last.
    std::size_t len = n;
    std::uint16_t arcount = get16(p + 10);
    for (std::size_t i = 0; i < records.size(); i++)
        if (records[i].type == kTypeOpt) {
            if (i + 1 != records.size() || records[i].section != 2)
                return out;
            len = records[i].start;
            arcount--;
            records.pop_back();
            break;
        }
    auto& a = out.answer;
    a.wire.assign(reinterpret_cast<const char*>(p), len);
    auto* w = reinterpret_cast<std::uint8_t*>(a.wire.data());
    put16(w, 0);
    put16(w + 10, arcount);
    std::uint32_t ttl = kMaxCacheTtl;
    for (const auto& r : records) {
        a.ttl_at.push_back(static_cast<std::uint16_t>(r.ttl_at));
        // A TTL with the top bit set is read as 0 (RFC 2181 8).
        auto t = get32(p + r.ttl_at);
        a.ttl.push_back(t & 0x80000000u ? 0 : t);
        ttl = std::min(ttl, a.ttl.back());
    }
    if (rcode == LDNS_RCODE_NXDOMAIN || get16(p + 6) == 0)
        ttl = std::min(ttl, negative_ttl(p, records));
    a.stored_ms = now_ms;
    a.expires_ms = now_ms + std::int64_t(ttl) * 1000;
    out.cache_ttl = ttl;
    out.check = AnswerCheck::Good;
    return out;
}

} // namespace xgw::dns
