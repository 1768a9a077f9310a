#include <xgw/ppp/ControlPacket.h>

#include <algorithm>

namespace xgw::ppp {

std::optional<ControlPacket> parse_control_packet(std::span<const std::uint8_t> bytes) {
    if (bytes.size() < 4)
        return std::nullopt;
    const std::size_t len = std::size_t(bytes[2]) << 8 | bytes[3];
    if (len < 4 || len > bytes.size())
        return std::nullopt;
    return ControlPacket{bytes[0], bytes[1], bytes.subspan(4, len - 4)};
}

std::vector<std::uint8_t> make_control_packet(std::uint8_t code, std::uint8_t id,
                                              std::span<const std::uint8_t> data) {
    const std::size_t len = data.size() + 4;
    std::vector<std::uint8_t> p(len);
    p[0] = code;
    p[1] = id;
    p[2] = static_cast<std::uint8_t>(len >> 8);
    p[3] = static_cast<std::uint8_t>(len);
    std::copy(data.begin(), data.end(), p.begin() + 4);
    return p;
}

} // namespace xgw::ppp
