// IPV6CP (RFC 5072): the two ends agree on distinct, non-zero 64-bit interface identifiers,
// from which each builds its link-local address.
#pragma once

#include <xgw/ppp/Layer.h>

#include <cstdint>

namespace xgw::ppp {

inline constexpr std::uint16_t kProtoIpv6cp = 0x8057;
inline constexpr std::uint16_t kProtoIpv6 = 0x0057;

struct Ipv6cpResult {
    std::uint64_t local = 0;
    std::uint64_t remote = 0;
};

class Ipv6cp final : public Layer {
  public:
    Ipv6cp(LayerHooks hooks, OptionFsm::Sender send, OptionFsm::Now now, FsmLimits limits = {});
    const Ipv6cpResult& result() const { return result_; }

    void reset() override;
    ConfigOptions request() override;
    Verdict check(const ConfigOption& option, ConfigOption& suggestion) override;
    void acked(const ConfigOptions& ours) override;
    void naked(const ConfigOptions& suggested) override;
    void rejected(const ConfigOptions& refused) override;
    void accepted(const ConfigOptions& theirs) override;

  private:
    std::uint64_t id_ = 0;
    bool want_id_ = true;
    Ipv6cpResult result_;
};

// "fe80::a:b:c:d" for an interface identifier.
std::string link_local_str(std::uint64_t interface_id);

} // namespace xgw::ppp
