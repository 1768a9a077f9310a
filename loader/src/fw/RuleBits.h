// A set of rule indexes of one direction, one bit per rule.
#pragma once

#include <cstdint>
#include <vector>

namespace xgw::fw {

class RuleBits {
  public:
    explicit RuleBits(std::size_t nrules = 0) : words_((nrules + 63) / 64, 0) {}

    void set(std::size_t i) { words_[i / 64] |= 1ULL << (i % 64); }
    void clear(std::size_t i) { words_[i / 64] &= ~(1ULL << (i % 64)); }
    bool test(std::size_t i) const { return words_[i / 64] >> (i % 64) & 1; }
    RuleBits& operator|=(const RuleBits& o) {
        for (std::size_t w = 0; w < words_.size(); w++)
            words_[w] |= o.words_[w];
        return *this;
    }
    RuleBits& and_not(const RuleBits& o) {
        for (std::size_t w = 0; w < words_.size(); w++)
            words_[w] &= ~o.words_[w];
        return *this;
    }
    const std::vector<std::uint64_t>& words() const { return words_; }
    bool operator==(const RuleBits&) const = default;

  private:
    std::vector<std::uint64_t> words_;
};

} // namespace xgw::fw
