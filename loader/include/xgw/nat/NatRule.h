// One NAT rule of the [nat] section (docs/nat.md): what the operator wrote, resolved to
// numbers, and how it compiles into the data path's xgw_nat_rule.
#pragma once

#include <xgw/Result.h>
#include <xgw/abi/nat.h>
#include <xgw/fw/IpPrefix.h>
#include <xgw/fw/SourceLocation.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace xgw::nat {

enum class NatKind : std::uint8_t { Masquerade, Snat, RedirectPort, RedirectAddr };

// Inclusive; {0, 0} is "not given".
struct PortRange {
    std::uint16_t lo = 0;
    std::uint16_t hi = 0;
    bool given() const { return lo != 0; }
    bool operator==(const PortRange&) const = default;
};

// IPv4 addresses in host order.
struct NatRule {
    NatKind kind = NatKind::Masquerade;
    std::string ifname;                 // masquerade/snat: outgoing; redirects: `via`, may be empty
    std::optional<fw::IpPrefix> from;   // masquerade/snat: the sources translated; none: all
    std::uint32_t addr_lo = 0;          // snat: the pool; redirects: the inside address
    std::uint32_t addr_hi = 0;
    PortRange ports;                    // snat: source ports; redirect-port: inside ports
    std::uint32_t public_addr = 0;      // redirects; 0: any address arriving on ifname
    PortRange public_ports;             // redirect-port
    std::uint8_t proto = 0;             // redirect-port: 6 or 17
    fw::SourceLocation loc;
    bool operator==(const NatRule&) const = default;
};

// The canonical text of a rule, which the [nat] parser reads back to an equal rule.
std::string printNatRule(const NatRule& rule);

// The data path's form; ifindex resolves interface names in the current namespace.
Result<xgw_nat_rule> compileNatRule(
    const NatRule& rule, const std::function<std::optional<std::uint32_t>(const std::string&)>& ifindex);

} // namespace xgw::nat
