// An IPv4 or IPv6 prefix (a host address is a full-length prefix).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <xgw/Result.h>

namespace xgw::fw {

enum class IpFamily : uint8_t { V4 = 4, V6 = 6 };

struct IpPrefix {
    IpFamily family = IpFamily::V4;
    std::array<uint8_t, 16> addr{}; // network byte order; IPv4 uses addr[0..3], the rest is 0
    uint8_t length = 0;             // prefix length in bits: 0-32 or 0-128

    // "192.0.2.1", "192.0.2.0/24", "2001:db8::/32". Host bits beyond the length are cleared,
    // as ipfw does, so 192.0.2.7/24 is 192.0.2.0/24. The error message says what is wrong.
    static Result<IpPrefix> parse(std::string_view text);

    uint8_t maxLength() const { return family == IpFamily::V4 ? 32 : 128; }
    // Address only for a full-length prefix, else address/length.
    std::string str() const;

    bool operator==(const IpPrefix&) const = default;
};

} // namespace xgw::fw
