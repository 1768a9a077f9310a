// The options of Configure-Request, -Ack, -Nak and -Reject packets (RFC 1661 section 6): type,
// length, data, shared by LCP, IPCP and IPV6CP.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace xgw::ppp {

struct ConfigOption {
    std::uint8_t type = 0;
    std::vector<std::uint8_t> data; // without type and length

    bool operator==(const ConfigOption&) const = default;
};

using ConfigOptions = std::vector<ConfigOption>;

// None when an option's length runs past the end or is below 2.
std::optional<ConfigOptions> parse_options(std::span<const std::uint8_t> bytes);
void append_options(const ConfigOptions& options, std::vector<std::uint8_t>& out);

// Big-endian fields of option data.
std::vector<std::uint8_t> be16(std::uint16_t v);
std::vector<std::uint8_t> be32(std::uint32_t v);
std::uint16_t get_be16(std::span<const std::uint8_t> b);
std::uint32_t get_be32(std::span<const std::uint8_t> b);

} // namespace xgw::ppp
