// NAT's live state: the bindings the data path made, its counters and its settings
// (timeouts, the default port range). The rules live with the firewall's ruleset.
#pragma once

#include <xgw/Result.h>
#include <xgw/UniqueFd.h>
#include <xgw/abi/nat.h>
#include <xgw/bpf/PinPaths.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace xgw::nat {

// A translated flow: its originating entry (the direction that made it) and the reverse.
struct Flow {
    xgw_nat_key key;          // as first seen: inside -> remote (source NAT), remote -> public
    xgw_nat_binding binding;
    xgw_nat_key reply_key;    // the reverse as it arrives
    std::uint64_t reply_packets = 0;
    std::uint64_t reply_bytes = 0;
    std::int64_t expires_in_ms = 0;
};

struct Settings {
    std::array<std::uint32_t, XGW_NAT_T__MAX> timeouts{}; // seconds, defaults filled in
    std::uint16_t port_lo = XGW_NAT_DEFAULT_PORT_LO;
    std::uint16_t port_hi = XGW_NAT_DEFAULT_PORT_HI;
};

class NatState {
  public:
    static Result<NatState> open(const PinPaths& paths);

    // Live flows (expired ones are left out; the data path removes them on their next packet).
    Result<std::vector<Flow>> flows() const;
    // Removes the bindings whose timeout has run out, both entries of each (the data path
    // removes one only when its next packet comes); returns how many flows.
    Result<std::size_t> remove_expired() const;
    // Removes the bindings that translate a source to one of these addresses (gone from the
    // host: masquerade must pick the interface's new one); returns how many flows.
    Result<std::size_t> remove_translated_to(const std::vector<std::uint32_t>& addresses) const;
    // Removes every binding: the next packet of each flow is translated anew (or not at all).
    Result<std::size_t> flush() const;
    Result<std::array<std::uint64_t, XGW_NAT_STAT__MAX>> stats() const;
    Result<Settings> settings() const;
    // On: packets are looked up in the bindings (set with the first rule, off after a flush).
    Result<void> set_active(bool active) const;
    // NAME is a timeout (tcp-established, udp, ...) in seconds, or "ports" with LO-HI.
    Result<void> set(const std::string& name, const std::string& value) const;

    static std::vector<std::string> stat_names();
    static std::vector<std::string> timeout_names();

  private:
    NatState(UniqueFd bindings, UniqueFd config, UniqueFd stats)
        : bindings_(std::move(bindings)), config_(std::move(config)), stats_(std::move(stats)) {}
    Result<xgw_nat_config> config() const;
    Result<void> write_config(const xgw_nat_config& cfg) const;
    UniqueFd bindings_, config_, stats_;
};

// "192.0.2.2:40000" (no port for protocols without one; the echo id for ICMP: "192.0.2.2 id 7").
std::string nat_endpoint(std::uint32_t addr, std::uint16_t port, std::uint8_t proto);
std::string proto_name(std::uint8_t proto);

} // namespace xgw::nat
