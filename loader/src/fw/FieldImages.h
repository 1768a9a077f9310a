// Per-field tables of one direction: every value of the field maps to the bitset of the rules
// that the value satisfies.
#pragma once

#include "BitsetStore.h"

#include <xgw/fw/Ast.h>
#include <xgw/fw/CompiledRuleset.h>
#include <xgw/fw/RuleCompiler.h>

#include <vector>

namespace xgw::fw {

using DirRules = std::vector<const Rule*>; // one direction's rules, in evaluation order

std::vector<LpmEntry> address_image(const DirRules& rules, bool dst, IpFamily family,
                                    BitsetStore& store);
// Whether the address tries decide the match (prefixes and lists); tables, me and me6 are
// table tests (TableImage.cpp) and any matches everything.
inline bool is_prefix_match(const AddressMatch& m) {
    return m.kind == AddressKind::Prefixes;
}
// The table slot a table test of the address reads: me, me6, or the named table's.
Result<std::uint8_t> test_table(const AddressMatch& m, const HostContext& host);
std::vector<std::uint32_t> port_image(const DirRules& rules, bool dst, BitsetStore& store);
std::vector<std::uint32_t> proto_image(const DirRules& rules, BitsetStore& store);
std::vector<std::uint32_t> flags_image(const DirRules& rules, BitsetStore& store);
std::vector<std::uint32_t> icmp_image(const DirRules& rules, BitsetStore& store);
// Fills iface and any_iface; returns the names that no interface has.
std::vector<std::string> iface_image(const DirRules& rules, xgw_dir dir, const HostContext& host,
                                     BitsetStore& store, DirImage& image);
// Egress: fills recv and any_recv (the interface a packet came in on); returns missing names.
std::vector<std::string> recv_image(const DirRules& rules, const HostContext& host,
                                    BitsetStore& store, DirImage& image);

// Fills tests and test_masks from the rules' table(NAME) addresses (slots from host.table)
// and ipsec options (which need the mask's SA bit).
Result<void> tests_image(const DirRules& rules, const HostContext& host, BitsetStore& store,
                         DirImage& image);

// Which fields some rule of the direction constrains (bit per enum xgw_fw_field).
std::uint32_t fields_used(const DirRules& rules, xgw_dir dir);

} // namespace xgw::fw
