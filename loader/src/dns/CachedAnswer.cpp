#include <xgw/dns/CachedAnswer.h>

#include <algorithm>
#include <cstring>

namespace xgw::dns {
namespace {

// Our own OPT record: root owner, buffer size, extended rcode and version 0, the DO bit echoed.
std::size_t put_opt(std::uint8_t* p, const QueryView& q, std::uint8_t ext_rcode = 0) {
    p[0] = 0;
    put16(p + 1, kTypeOpt);
    put16(p + 3, kEdnsBufferSize);
    p[5] = ext_rcode;
    p[6] = 0;
    put16(p + 7, q.do_bit ? 0x8000 : 0);
    put16(p + 9, 0);
    return 11;
}

// Client's ID; the answer's flags but the client's RD and CD.
void put_header_from(std::uint8_t* out, const QueryView& q, std::uint16_t flags) {
    put16(out, q.id);
    flags = static_cast<std::uint16_t>((flags & ~(kFlagRd | kFlagCd)) |
                                       (q.flags & (kFlagRd | kFlagCd)));
    put16(out + 2, flags);
}

} // namespace

std::size_t reply_limit(const QueryView& q, bool tcp) {
    if (tcp)
        return 65535;
    return q.edns ? std::min<std::size_t>(q.udp_size, 65535) : 512;
}

std::size_t render_answer(const CachedAnswer& a, std::int64_t now_ms, const std::uint8_t* query,
                          const QueryView& q, std::size_t limit, std::uint8_t* out) {
    const std::size_t opt = q.edns ? 11 : 0;
    const std::size_t qend = kHeaderSize + q.question_len;
    if (a.wire.size() + opt > limit) {
        // Too big for the client: the question and TC, so that it asks again over TCP.
        std::memcpy(out, a.wire.data(), kHeaderSize);
        put_header_from(out, q, static_cast<std::uint16_t>(get16(out + 2) | kFlagTc));
        put16(out + 6, 0);
        put16(out + 8, 0);
        put16(out + 10, q.edns ? 1 : 0);
        std::memcpy(out + kHeaderSize, query + kHeaderSize, q.question_len);
        return qend + (q.edns ? put_opt(out + qend, q) : 0);
    }
    std::memcpy(out, a.wire.data(), a.wire.size());
    put_header_from(out, q, get16(out + 2));
    std::memcpy(out + kHeaderSize, query + kHeaderSize, q.question_len);
    if (!a.local) {
        auto elapsed =
            static_cast<std::uint32_t>(std::max<std::int64_t>(0, now_ms - a.stored_ms) / 1000);
        for (std::size_t i = 0; i < a.ttl_at.size(); i++)
            put32(out + a.ttl_at[i], a.ttl[i] > elapsed ? a.ttl[i] - elapsed : 0);
    }
    std::size_t len = a.wire.size();
    if (q.edns) {
        put16(out + 10, static_cast<std::uint16_t>(get16(out + 10) + 1));
        len += put_opt(out + len, q);
    }
    return len;
}

std::size_t render_error(const std::uint8_t* query, std::size_t query_len, const QueryView* q,
                         std::uint8_t rcode, std::uint8_t* out) {
    std::memcpy(out, query, kHeaderSize);
    std::uint16_t flags = get16(query + 2);
    // Keep the opcode and RD; QR and RA set; the rest cleared.
    flags = static_cast<std::uint16_t>((flags & (0x7800 | kFlagRd | kFlagCd)) | kFlagQr | kFlagRa |
                                       (rcode & 0xf));
    put16(out + 2, flags);
    put16(out + 6, 0);
    put16(out + 8, 0);
    if (!q || kHeaderSize + q->question_len > query_len) {
        put16(out + 4, 0);
        put16(out + 10, 0);
        return kHeaderSize;
    }
    std::size_t len = kHeaderSize + q->question_len;
    std::memcpy(out + kHeaderSize, query + kHeaderSize, q->question_len);
    put16(out + 10, q->edns ? 1 : 0);
    // Extended rcodes (BADVERS) live in the OPT record's upper bits (RFC 6891 6.1.3).
    return len + (q->edns ? put_opt(out + len, *q, static_cast<std::uint8_t>(rcode >> 4)) : 0);
}

} // namespace xgw::dns
