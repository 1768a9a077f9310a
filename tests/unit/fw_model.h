// Two independent answers to "what does the firewall do with this packet": a plain linear scan
// of the parsed rules (the meaning docs/rules.md gives them) and a walk of the compiled tables
// done the way bpf/include/xgw/bpf/fw.h does it. The compiler is right when they agree.
#pragma once

#include <xgw/abi/stats.h>
#include <xgw/fw/Ast.h>
#include <xgw/fw/CompiledRuleset.h>
#include <xgw/fw/RuleCompiler.h>

#include <array>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace xgw::fw::test {

// A packet as the parser hands it to the firewall.
struct ModelPacket {
    bool v6 = false;
    std::array<std::uint8_t, 16> src{}, dst{}; // network order; IPv4 in the first 4 bytes
    std::uint8_t proto = 0;
    bool has_l4 = false;     // the L4 header was parsed (XGW_PKT_L4)
    bool later_frag = false; // a fragment other than the first (no L4 header)
    std::uint16_t sport = 0, dport = 0;
    std::uint8_t tcp_flags = 0;
    std::uint8_t icmp_type = 0;
    xgw_dir dir = XGW_DIR_INGRESS;
    std::uint32_t in_if = 0;  // the interface it came in on (0: from this host)
    std::uint32_t out_if = 0; // egress: the interface it leaves by
    bool flow = false;        // it belongs to a live flow (a keep-state rule made one)

    std::string str() const;
};

// The host the rules are compiled for: "me" and the interfaces eth0 (2), eth1 (3); eth2 is absent;
// tables "friends" (slot 0) and "blocked" (slot 1) with model_table_prefixes; any other name
// gets the next slot and is empty.
const HostContext& model_host();
const std::vector<IpPrefix>& model_table_prefixes(std::uint8_t slot);

constexpr std::uint32_t kDefaultRule = 0xffffffff;

// What decided and which rules counted the packet, by ordinal in the ruleset.
struct ModelVerdict {
    std::uint32_t action = XGW_FW_DENY; // enum xgw_fw_action of the deciding rule
    std::uint32_t rule = kDefaultRule;  // ordinal of the deciding rule, or kDefaultRule
    std::vector<std::uint32_t> taken;   // ordinals of every rule that matched, in order
    bool by_state = false;              // the flow decided, at the probe `rule`

    bool operator==(const ModelVerdict&) const = default;
    std::string str() const;
};

inline void PrintTo(const ModelVerdict& v, std::ostream* os) {
    *os << v.str();
}

// First match by rule order over the AST; count and skipto go on. With a flow, the first
// check-state or keep-state rule reached allows, whatever its body; without one check-state
// does not match.
ModelVerdict reference_verdict(const Ruleset& rs, const HostContext& host,
                               std::uint32_t default_action, const ModelPacket& p);

// Field lookups, AND of the bitsets (summaries first), walk of the set bits: as fw.h does.
ModelVerdict compiled_verdict(const CompiledRuleset& c, const ModelPacket& p);

} // namespace xgw::fw::test
