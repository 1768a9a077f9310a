// Distinct rule bitsets of one compiled generation, each stored once and named by an id.
#pragma once

#include "RuleBits.h"

#include <xgw/abi/fw.h>

#include <map>
#include <vector>

namespace xgw::fw {

class BitsetStore {
  public:
    BitsetStore(); // id 0 is all ones

    // The id of this bitset, adding it if it is new.
    std::uint32_t intern(const RuleBits& bits);
    std::size_t size() const { return bitsets_.size(); }
    std::vector<xgw_fw_bitset> take() { return std::move(bitsets_); }

  private:
    std::map<std::vector<std::uint64_t>, std::uint32_t> ids_;
    std::vector<xgw_fw_bitset> bitsets_;
};

} // namespace xgw::fw
