// ATA IDENTIFY DEVICE data: built by the target, read by the initiator.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>

namespace xgw::aoe {

struct Identity {
    std::uint64_t sectors = 0; // addressable 512-byte sectors
    bool lba48 = true;
    std::string model;
    std::string serial;
    std::string firmware;
};

std::array<std::uint8_t, 512> build_identify(const Identity& id);
Identity parse_identify(std::span<const std::uint8_t, 512> data);

} // namespace xgw::aoe
