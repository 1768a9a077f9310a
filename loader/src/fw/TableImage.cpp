// The table dimension: each distinct (table, source|destination) the rules of a direction name
// is one bit of a per-packet mask, and each mask value selects the rules whose table
// conditions hold for it. me and me6 are two reserved tables that hold the host's addresses.
#include "FieldImages.h"

#include <algorithm>
#include <array>

namespace xgw::fw {

namespace {

std::string located(const SourceLocation& loc, const std::string& what) {
    return loc.file + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.column) + ": " +
           what;
}

std::string test_name(const AddressMatch& m) {
    if (m.kind == AddressKind::Me || m.kind == AddressKind::Me6)
        return m.kind == AddressKind::Me ? "me" : "me6";
    return "table(" + m.table + ")";
}

// What a rule asks of one test: its bit must equal !negated; test < 0: nothing.
struct Need {
    int test = -1;
    bool negated = false;
};

bool holds(const std::array<Need, 2>& needs, std::uint32_t mask) {
    return std::all_of(needs.begin(), needs.end(), [mask](const Need& n) {
        return n.test < 0 || (((mask >> n.test) & 1) != 0) != n.negated;
    });
}

} // namespace

Result<std::uint8_t> test_table(const AddressMatch& m, const HostContext& host) {
    if (m.kind == AddressKind::Me)
        return std::uint8_t{XGW_FW_TABLE_ME};
    if (m.kind == AddressKind::Me6)
        return std::uint8_t{XGW_FW_TABLE_ME6};
    if (!host.table)
        return make_error(Errc::Usage, "tables are not available here");
    return host.table(m.table);
}

Result<void> tests_image(const DirRules& rules, const HostContext& host, BitsetStore& store,
                         DirImage& image) {
    const std::size_t n = rules.size();
    std::vector<std::array<Need, 2>> needs(n);
    for (std::size_t i = 0; i < n; i++) {
        for (bool dst : {false, true}) {
            const AddressMatch& m = dst ? rules[i]->dst.address : rules[i]->src.address;
            if (is_prefix_match(m) || m.kind == AddressKind::Any)
                continue;
            auto slot = test_table(m, host);
            if (!slot)
                return make_error(slot.error().kind, located(m.loc, slot.error().message));
            TableTest t{*slot, dst};
            auto it = std::find(image.tests.begin(), image.tests.end(), t);
            if (it == image.tests.end()) {
                if (image.tests.size() == XGW_FW_TESTS)
                    return make_error(
                        Errc::Usage,
                        located(m.loc, test_name(m) + " is one table test too many: the rules "
                                       "of one direction may test at most " +
                                           std::to_string(XGW_FW_TESTS) +
                                           " tables (me and me6 count) as source or destination"));
                it = image.tests.insert(image.tests.end(), t);
            }
            needs[i][dst] = {static_cast<int>(it - image.tests.begin()), m.negated};
        }
    }
    image.test_masks.assign(XGW_FW_TEST_SLOTS, 0);
    for (std::uint32_t sa : {0u, std::uint32_t{XGW_FW_TEST_SA}})
        for (std::uint32_t mask = 0; mask < (1u << image.tests.size()); mask++) {
            RuleBits bits(n);
            for (std::size_t i = 0; i < n; i++)
                if (holds(needs[i], mask) && (sa || !rules[i]->options.ipsec))
                    bits.set(i);
            image.test_masks[mask | sa] = store.intern(bits);
        }
    return {};
}

} // namespace xgw::fw
