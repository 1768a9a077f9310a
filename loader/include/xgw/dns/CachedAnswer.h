// An answer kept in wire form, and how it becomes the reply to one client's query.
#pragma once

#include <xgw/dns/QueryView.h>

#include <cstdint>
#include <string>
#include <vector>

namespace xgw::dns {

struct CachedAnswer {
    std::string wire;                  // header (ID 0), question, records; no OPT record
    std::vector<std::uint16_t> ttl_at; // offsets of every record's TTL field
    std::vector<std::uint32_t> ttl;    // those TTLs when the answer was stored
    std::int64_t stored_ms = 0;        // monotonic clock
    std::int64_t expires_ms = 0;
    bool local = false; // from the hosts file: TTLs stay, never expires
};

// The reply to the query in out: the client's ID, RD and question (its letter case), TTLs
// counted down by the time since stored, an OPT record when the client sent one, and only a
// header, question and TC when the whole does not fit in limit. Returns its length; out must
// hold limit bytes (at least 512).
std::size_t render_answer(const CachedAnswer& answer, std::int64_t now_ms,
                          const std::uint8_t* query, const QueryView& q, std::size_t limit,
                          std::uint8_t* out);

// A header-only reply (or header and question when the question is known) with this rcode.
std::size_t render_error(const std::uint8_t* query, std::size_t query_len, const QueryView* q,
                         std::uint8_t rcode, std::uint8_t* out);

// What a reply to this client may hold over UDP (512 without EDNS0) or TCP (65535).
std::size_t reply_limit(const QueryView& q, bool tcp);

} // namespace xgw::dns
