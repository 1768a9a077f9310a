#include <xgw/ppp/ConfigOption.h>

namespace xgw::ppp {

std::optional<ConfigOptions> parse_options(std::span<const std::uint8_t> bytes) {
    ConfigOptions options;
    while (!bytes.empty()) {
        if (bytes.size() < 2 || bytes[1] < 2 || bytes[1] > bytes.size())
            return std::nullopt;
        options.push_back({bytes[0], {bytes.begin() + 2, bytes.begin() + bytes[1]}});
        bytes = bytes.subspan(bytes[1]);
    }
    return options;
}

void append_options(const ConfigOptions& options, std::vector<std::uint8_t>& out) {
    for (const auto& o : options) {
        out.push_back(o.type);
        out.push_back(static_cast<std::uint8_t>(o.data.size() + 2));
        out.insert(out.end(), o.data.begin(), o.data.end());
    }
}

std::vector<std::uint8_t> be16(std::uint16_t v) {
    return {static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
}

std::vector<std::uint8_t> be32(std::uint32_t v) {
    return {static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16),
            static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
}

std::uint16_t get_be16(std::span<const std::uint8_t> b) {
    return static_cast<std::uint16_t>(b[0] << 8 | b[1]);
}

std::uint32_t get_be32(std::span<const std::uint8_t> b) {
    return std::uint32_t(b[0]) << 24 | std::uint32_t(b[1]) << 16 | std::uint32_t(b[2]) << 8 | b[3];
}

} // namespace xgw::ppp
