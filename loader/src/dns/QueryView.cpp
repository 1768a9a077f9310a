#include <xgw/dns/QueryView.h>

#include <algorithm>
#include <cstring>

namespace xgw::dns {
namespace {

// Length of an uncompressed name at p (labels of 1-63 bytes, then 0), or 0 when it is not one.
std::size_t plain_name_length(const std::uint8_t* p, std::size_t n) {
    std::size_t i = 0;
    while (i < n) {
        std::uint8_t len = p[i];
        if (len == 0)
            return i + 1 <= 255 ? i + 1 : 0;
        if (len > 63)
            return 0;
        i += 1 + len;
    }
    return 0;
}

} // namespace

std::optional<QueryView> scan_query(const std::uint8_t* p, std::size_t n) {
    if (n < kHeaderSize + 5)
        return std::nullopt;
    QueryView q;
    q.id = get16(p);
    q.flags = get16(p + 2);
    // A response, an opcode other than QUERY, or a non-zero Z bit: the slow path decides.
    if (q.flags & (kFlagQr | 0x7800 | 0x0040))
        return std::nullopt;
    if (get16(p + 4) != 1 || get16(p + 6) != 0 || get16(p + 8) != 0 || get16(p + 10) > 1)
        return std::nullopt;
    auto name = plain_name_length(p + kHeaderSize, n - kHeaderSize);
    if (name == 0 || kHeaderSize + name + 4 > n)
        return std::nullopt;
    q.question_len = name + 4;
    q.qtype = get16(p + kHeaderSize + name);
    std::size_t at = kHeaderSize + q.question_len;
    if (get16(p + 10) == 1) {
        // The OPT record: root name, type, class = buffer size, TTL = rcode, version, flags.
        if (at + 11 > n || p[at] != 0 || get16(p + at + 1) != kTypeOpt || p[at + 6] != 0)
            return std::nullopt;
        q.edns = true;
        q.udp_size = std::max<std::uint16_t>(512, get16(p + at + 3));
        q.do_bit = p[at + 7] & 0x80;
        at += 11 + get16(p + at + 9);
    }
    if (at != n)
        return std::nullopt;
    return q;
}

std::string_view QueryView::key(const std::uint8_t* query, std::uint8_t* out) const {
    out[0] = static_cast<std::uint8_t>((do_bit ? 1 : 0) | ((flags & kFlagCd) ? 2 : 0));
    const std::uint8_t* qn = query + kHeaderSize;
    // Length bytes are below 64, so only letters change; type and class are copied as they are.
    const std::size_t name = question_len - 4;
    for (std::size_t i = 0; i < name; i++) {
        std::uint8_t c = qn[i];
        out[1 + i] = (c >= 'A' && c <= 'Z') ? static_cast<std::uint8_t>(c | 0x20) : c;
    }
    std::memcpy(out + 1 + name, qn + name, 4);
    return {reinterpret_cast<const char*>(out), 1 + question_len};
}

} // namespace xgw::dns
