// An Ethernet address, as vblade's -m option and the AoE mask list spell it.
#pragma once

#include <xgw/Result.h>

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace xgw::aoe {

struct MacAddress {
    std::array<std::uint8_t, 6> bytes{};

    // Upper or lower case, with or without colons (vblade accepts both).
    static Result<MacAddress> parse(std::string_view text);
    // A comma-separated list.
    static Result<std::vector<MacAddress>> parse_list(std::string_view text);
    static MacAddress broadcast() { return {{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}}; }

    std::string str() const;
    auto operator<=>(const MacAddress&) const = default;
};

} // namespace xgw::aoe
