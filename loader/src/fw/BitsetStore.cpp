#include "BitsetStore.h"

#include <cstring>

namespace xgw::fw {

namespace {

// Sets the summary bit of every non-zero word, the aggregated bit vector the walk ANDs first.
void summarise(xgw_fw_bitset& b) {
    std::memset(b.summary, 0, sizeof(b.summary));
    for (unsigned w = 0; w < XGW_FW_WORDS; w++)
        if (b.words[w])
            b.summary[w / 64] |= 1ULL << (w % 64);
}

} // namespace

BitsetStore::BitsetStore() {
    xgw_fw_bitset all;
    std::memset(&all, 0xff, sizeof(all));
    bitsets_.push_back(all);
}

std::uint32_t BitsetStore::intern(const RuleBits& bits) {
    auto [it, added] = ids_.emplace(bits.words(), static_cast<std::uint32_t>(bitsets_.size()));
    if (added) {
        xgw_fw_bitset b{};
        std::memcpy(b.words, bits.words().data(), bits.words().size() * sizeof(std::uint64_t));
        summarise(b);
        bitsets_.push_back(b);
    }
    return it->second;
}

} // namespace xgw::fw
