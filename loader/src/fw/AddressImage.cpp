// Address fields: one LPM entry per distinct prefix any rule names, plus the root. A packet's
// longest matching prefix P selects the rules whose condition holds on all of P's addresses
// that no longer prefix claims: those with a prefix covering P, or negated ones without.
#include "FieldImages.h"

#include <algorithm>
#include <map>

namespace xgw::fw {

namespace {

struct PrefixKey {
    std::array<std::uint8_t, 16> addr;
    std::uint8_t length;
    auto operator<=>(const PrefixKey&) const = default;
};

bool covers(const PrefixKey& outer, const PrefixKey& inner) {
    if (outer.length > inner.length)
        return false;
    for (unsigned bit = 0; bit < outer.length; bit++) {
        unsigned byte = bit / 8, mask = 0x80 >> (bit % 8);
        if ((outer.addr[byte] & mask) != (inner.addr[byte] & mask))
            return false;
    }
    return true;
}

// The prefixes of the family that an address match names.
std::vector<IpPrefix> named_prefixes(const AddressMatch& m, IpFamily family) {
    std::vector<IpPrefix> out;
    for (const auto& p : m.prefixes)
        if (p.family == family)
            out.push_back(p);
    return out;
}

struct PrefixRules {
    RuleBits positive; // rules naming this prefix
    RuleBits negated;  // rules naming it under `not`
};

} // namespace

std::vector<LpmEntry> address_image(const DirRules& rules, bool dst, IpFamily family,
                                    BitsetStore& store) {
    const std::size_t n = rules.size();
    RuleBits any(n), negated_all(n);
    std::map<PrefixKey, PrefixRules> prefixes;
    prefixes.emplace(PrefixKey{{}, 0}, PrefixRules{RuleBits(n), RuleBits(n)});
    for (std::size_t i = 0; i < n; i++) {
        const AddressMatch& m = dst ? rules[i]->dst.address : rules[i]->src.address;
        if (!is_prefix_match(m)) { // tables, me and me6: TableImage.cpp
            any.set(i);
            continue;
        }
        if (m.negated)
            negated_all.set(i);
        for (const auto& p : named_prefixes(m, family)) {
            auto [it, _] = prefixes.try_emplace(PrefixKey{p.addr, p.length},
                                                PrefixRules{RuleBits(n), RuleBits(n)});
            (m.negated ? it->second.negated : it->second.positive).set(i);
        }
    }
    // Sorted by address then length, every prefix comes after the prefixes that cover it.
    struct Open {
        PrefixKey key;
        RuleBits positive, negated; // accumulated along the covering chain
    };
    std::vector<Open> chain;
    std::vector<LpmEntry> out;
    for (auto& [key, own] : prefixes) {
        while (!chain.empty() && !covers(chain.back().key, key))
            chain.pop_back();
        Open node{key, own.positive, own.negated};
        if (!chain.empty()) {
            node.positive |= chain.back().positive;
            node.negated |= chain.back().negated;
        }
        RuleBits bits = negated_all;
        bits.and_not(node.negated);
        bits |= any;
        bits |= node.positive;
        out.push_back({key.addr, key.length, store.intern(bits)});
        chain.push_back(std::move(node));
    }
    return out;
}

} // namespace xgw::fw
