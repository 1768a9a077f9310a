// RFC 1662 frame check sequences: FCS-16 (CRC-CCITT, appendix C.2) and FCS-32 (appendix C.3).
#pragma once

#include <cstdint>
#include <span>

namespace xgw::ppp {

inline constexpr std::uint16_t kFcs16Init = 0xffff;
inline constexpr std::uint16_t kFcs16Good = 0xf0b8; // what a frame with its FCS leaves behind
inline constexpr std::uint32_t kFcs32Init = 0xffffffff;
inline constexpr std::uint32_t kFcs32Good = 0xdebb20e3;

std::uint16_t fcs16(std::uint16_t fcs, std::span<const std::uint8_t> data);
std::uint32_t fcs32(std::uint32_t fcs, std::span<const std::uint8_t> data);

} // namespace xgw::ppp
