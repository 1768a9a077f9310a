// An upstream server's reply, checked against the query it answers and made ready to cache.
#pragma once

#include <xgw/dns/CachedAnswer.h>

#include <cstdint>
#include <string_view>

namespace xgw::dns {

enum class AnswerCheck {
    Good,      // an answer (positive or negative) for the client
    Truncated, // TC set: ask again over TCP
    Mismatch,  // not a reply to our query (ID or question differ): ignore it, keep waiting
    Malformed, // ldns cannot parse it, or its layout is not one we keep
    Failed,    // SERVFAIL, REFUSED, NOTIMP...: try another upstream
};

// The longest time an answer is cached, whatever its TTL says.
inline constexpr std::uint32_t kMaxCacheTtl = 7 * 24 * 3600;

struct CheckedAnswer {
    AnswerCheck check = AnswerCheck::Malformed;
    CachedAnswer answer;
    std::uint32_t cache_ttl = 0; // 0: do not cache
};

// id and key are those of the query we sent (key as QueryView::key made it). Positive answers
// live as long as their smallest TTL, negative ones (NXDOMAIN, NODATA) as long as the SOA's
// TTL or minimum, whichever is smaller (RFC 2308 5); a negative answer without SOA is not cached.
CheckedAnswer check_answer(const std::uint8_t* p, std::size_t n, std::uint16_t id,
                           std::string_view key, std::int64_t now_ms);

} // namespace xgw::dns
