// Compiles a parsed ruleset into classifier map images (see docs/architecture.md, "Firewall").
#pragma once

#include <xgw/Result.h>
#include <xgw/fw/Ast.h>
#include <xgw/fw/CompiledRuleset.h>

#include <functional>
#include <optional>
#include <vector>

namespace xgw::fw {

// What a rule may refer to on this host, resolved at compile time.
struct HostContext {
    std::vector<IpPrefix> addresses;                               // "me": every local address
    std::function<std::optional<std::uint32_t>(const std::string&)> ifindex; // by name
    // The slot of a table by name, made when missing; nullopt when no slot is left.
    std::function<Result<std::uint8_t>(const std::string&)> table;
    // The packet mark that selects a routing table (setfib), from the installer's mapping.
    std::function<Result<std::uint32_t>(std::uint32_t table)> fib_mark;
};

// The host's own addresses and interface indexes, in the current network namespace.
HostContext current_host();

Result<CompiledRuleset> compile_ruleset(const Ruleset& ruleset, const HostContext& host,
                                        std::uint32_t default_action);

} // namespace xgw::fw
