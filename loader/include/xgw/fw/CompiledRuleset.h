// A ruleset compiled into the contents of the classifier maps, before any map is touched.
#pragma once

#include <xgw/abi/fw.h>
#include <xgw/abi/stats.h>

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace xgw::fw {

// One per-packet table test: is the source (dst: destination) in the table of this slot?
struct TableTest {
    std::uint8_t table = 0;
    bool dst = false;
    bool operator==(const TableTest&) const = default;
};

struct LpmEntry {
    std::array<std::uint8_t, 16> addr{}; // network order; IPv4 in the first 4 bytes
    std::uint8_t length = 0;
    std::uint32_t bitset = 0;
};

// One direction's classifier: a rule list and, per field, the bitset id of every field value.
struct DirImage {
    std::vector<xgw_fw_rule> rules;          // counter holds the rule's ordinal in the ruleset
    std::vector<LpmEntry> src4, dst4, src6, dst6;
    std::vector<std::uint32_t> sport, dport; // XGW_FW_PORT_SLOTS each
    std::vector<std::uint32_t> proto;        // [family v6][protocol]: 2 * 256
    std::vector<std::uint32_t> flags;        // XGW_FW_FLAG_SLOTS
    std::vector<std::uint32_t> icmp;         // XGW_FW_ICMP_SLOTS
    std::map<std::uint32_t, std::uint32_t> iface; // ifindex -> bitset
    std::uint32_t any_iface = 0;
    std::map<std::uint32_t, std::uint32_t> recv; // egress: input ifindex -> bitset
    std::uint32_t any_recv = 0;
    std::vector<TableTest> tests;          // bit k of a packet's test mask answers tests[k]
    std::vector<std::uint32_t> test_masks; // XGW_FW_TEST_SLOTS: test mask (| SA bit) -> bitset
    std::uint32_t fields_used = 0; // bit per enum xgw_fw_field
    std::uint32_t probe = 0;       // xgw_fw_gen_dir.probe_bitset
    std::uint32_t probe_only = 0;  // xgw_fw_gen_dir.probe_only_bitset
};

struct CompiledRuleset {
    std::vector<xgw_fw_bitset> bitsets; // id 0 is all ones: the bitset of an unused field
    std::array<DirImage, 2> dir;        // enum xgw_dir
    std::uint32_t default_action = XGW_FW_DENY;
    std::vector<xgw_fw_nexthop> nexthops; // fwd rules' next hops; xgw_fw_rule.arg indexes them
    std::vector<xgw_fw_ipsec> ipsec;      // ipsec options; xgw_fw_rule.ipsec indexes them
    std::map<std::uint32_t, std::uint32_t> fib; // setfib: routing table -> mark index
    bool has_state = false; // some rule keeps or checks state
    std::vector<std::string> warnings;  // compiled, but worth telling (an interface not found)
};

} // namespace xgw::fw
