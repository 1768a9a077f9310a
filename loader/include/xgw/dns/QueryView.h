// The parts of a client's query the forwarder needs, read without a full parse on the hot path.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace xgw::dns {

inline constexpr std::size_t kHeaderSize = 12;
inline constexpr std::uint16_t kTypeOpt = 41;
inline constexpr std::uint16_t kTypeSoa = 6;
// Header flag bits (RFC 1035 4.1.1, RFC 4035 3.2).
inline constexpr std::uint16_t kFlagQr = 0x8000, kFlagAa = 0x0400, kFlagTc = 0x0200,
                               kFlagRd = 0x0100, kFlagRa = 0x0080, kFlagAd = 0x0020,
                               kFlagCd = 0x0010;
enum Rcode : std::uint8_t {
    kNoError = 0,
    kFormErr = 1,
    kServFail = 2,
    kNxDomain = 3,
    kNotImp = 4,
    kRefused = 5,
    kBadVers = 16, // extended, in the OPT record
};
// The buffer size the forwarder offers in EDNS0: small enough not to fragment (DNS flag day 2020).
inline constexpr std::uint16_t kEdnsBufferSize = 1232;
// The largest key (flags byte + 255-byte name + type + class).
inline constexpr std::size_t kMaxKeySize = 1 + 255 + 4;

struct QueryView {
    std::uint16_t id = 0;
    std::uint16_t flags = 0;
    std::size_t question_len = 0; // name + type + class, from offset 12
    std::uint16_t qtype = 0;
    bool edns = false;
    std::uint16_t udp_size = 512; // what the client can take over UDP
    bool do_bit = false;

    // The cache key: DO and CD, then the question with the name in lower case.
    std::string_view key(const std::uint8_t* query, std::uint8_t* out) const;
};

// Reads a query of the common shape: one question, no answer or authority records, at most an
// EDNS0 version 0 OPT record, nothing after it. Anything else gets nothing: the caller takes the
// slow path, where ldns parses the message whole.
std::optional<QueryView> scan_query(const std::uint8_t* p, std::size_t n);

inline std::uint16_t get16(const std::uint8_t* p) {
    return static_cast<std::uint16_t>(p[0] << 8 | p[1]);
}
inline void put16(std::uint8_t* p, std::uint16_t v) {
    p[0] = static_cast<std::uint8_t>(v >> 8);
    p[1] = static_cast<std::uint8_t>(v);
}
inline std::uint32_t get32(const std::uint8_t* p) {
    return std::uint32_t(p[0]) << 24 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[2]) << 8 | p[3];
}
inline void put32(std::uint8_t* p, std::uint32_t v) {
    put16(p, static_cast<std::uint16_t>(v >> 16));
    put16(p + 2, static_cast<std::uint16_t>(v));
}

} // namespace xgw::dns
