// The code, identifier, length framing that LCP, the NCPs, PAP and CHAP packets share.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace xgw::ppp {

struct ControlPacket {
    std::uint8_t code = 0;
    std::uint8_t id = 0;
    std::span<const std::uint8_t> data; // up to Length; padding after it dropped
};

// None when shorter than four bytes or than its own Length field says.
std::optional<ControlPacket> parse_control_packet(std::span<const std::uint8_t> bytes);
std::vector<std::uint8_t> make_control_packet(std::uint8_t code, std::uint8_t id,
                                              std::span<const std::uint8_t> data);

} // namespace xgw::ppp
