// IPCP (RFC 1332) with the DNS server options of RFC 1877: addresses as pppd negotiates them
// (local:remote, noipdefault, ipcp-accept-local, ipcp-accept-remote, ms-dns, usepeerdns).
#pragma once

#include <xgw/ppp/Layer.h>

#include <array>
#include <cstdint>
#include <functional>

namespace xgw::ppp {

inline constexpr std::uint16_t kProtoIpcp = 0x8021;
inline constexpr std::uint16_t kProtoIpv4 = 0x0021;

struct IpcpConfig {
    std::uint32_t local = 0;  // 0: let the peer tell us (noipdefault, or none configured)
    std::uint32_t remote = 0; // 0: take what the peer asks for
    bool accept_local = false;
    bool accept_remote = false;
    bool usepeerdns = false;
    std::array<std::uint32_t, 2> ms_dns{}; // what we hand a peer that asks
};

struct IpcpResult {
    std::uint32_t local = 0;
    std::uint32_t remote = 0;
    std::array<std::uint32_t, 2> dns{}; // the peer's, when usepeerdns asked for them
};

class Ipcp final : public Layer {
  public:
    Ipcp(IpcpConfig config, LayerHooks hooks, OptionFsm::Sender send, OptionFsm::Now now,
         FsmLimits limits = {});

    // After authentication: the addresses the peer's secret allows it (pppd's address field),
    // and the one address it names, offered when no remote address is configured.
    void restrict_remote(std::function<bool(std::uint32_t)> allowed, std::uint32_t suggested);
    const IpcpResult& result() const { return result_; }

    void reset() override;
    ConfigOptions request() override;
    Verdict check(const ConfigOption& option, ConfigOption& suggestion) override;
    void acked(const ConfigOptions& ours) override;
    void naked(const ConfigOptions& suggested) override;
    void rejected(const ConfigOptions& refused) override;
    void accepted(const ConfigOptions& theirs) override;

  private:
    Verdict check_address(std::uint32_t theirs, ConfigOption& suggestion) const;
    Verdict check_dns(int index, std::uint32_t theirs, ConfigOption& suggestion) const;

    IpcpConfig config_;
    std::function<bool(std::uint32_t)> remote_allowed_;
    std::uint32_t remote_ = 0;
    std::uint32_t local_ = 0;
    bool want_address_ = true;
    std::array<bool, 2> want_dns_{};
    std::array<std::uint32_t, 2> dns_{};
    IpcpResult result_;
};

// "192.0.2.1" to a host-order address; none when it is not one.
std::optional<std::uint32_t> parse_ipv4(const std::string& text);
std::string ipv4_str(std::uint32_t address);

} // namespace xgw::ppp
