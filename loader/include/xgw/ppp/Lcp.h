// LCP (RFC 1661 section 6): MRU, ACCM, Auth-Protocol, Magic-Number with loopback detection,
// PFC, ACFC; echo keepalives (pppd's lcp-echo-interval and lcp-echo-failure); Protocol-Reject.
#pragma once

#include <xgw/ppp/Hdlc.h>
#include <xgw/ppp/Layer.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace xgw::ppp {

inline constexpr std::uint16_t kProtoPap = 0xc023;
inline constexpr std::uint16_t kProtoChap = 0xc223;
inline constexpr std::uint8_t kChapMd5 = 5;

enum class AuthProto { None, Pap, Chap };
const char* auth_name(AuthProto auth);

// What we want and what we allow, in pppd's terms.
struct LcpConfig {
    std::uint16_t mru = kDefaultMru; // asked of the peer when not 1500 (pppd's mru)
    std::uint16_t mtu = 0;           // upper bound on what we send, 0 none (pppd's mtu)
    std::uint32_t asyncmap = 0;      // control characters the peer must escape to us
    bool magic = true;               // nomagic turns it off
    bool pfc = true;                 // nopcomp
    bool acfc = true;                // noaccomp
    bool require_pap = false;
    bool require_chap = false;
    bool refuse_pap = false;
    bool refuse_chap = false;
    int echo_interval = 0; // seconds, 0 none
    int echo_failure = 0;  // unanswered echoes that end the link, 0 never
    int max_loopback = 10; // consecutive magic-number collisions taken as a looped-back line
};

// What was agreed, both directions.
struct LcpResult {
    Framing tx;                        // how we frame toward the peer
    Framing rx;                        // how the peer frames toward us
    std::uint16_t peer_mru = kDefaultMru; // we send no more than this
    std::uint16_t our_mru = kDefaultMru;
    std::uint32_t our_magic = 0;
    std::uint32_t peer_magic = 0;
    AuthProto we_require = AuthProto::None; // the peer authenticates to us with this
    AuthProto peer_requires = AuthProto::None; // we authenticate to the peer with this
};

// Echo keepalive state for status.
struct EchoState {
    std::uint64_t sent = 0;
    std::uint64_t replies = 0;
    int pending = 0; // unanswered in a row
};

class Lcp final : public Layer {
  public:
    using Sender = OptionFsm::Sender;
    // protocol_rejected: the peer's Protocol-Reject of another protocol.
    Lcp(LcpConfig config, LayerHooks hooks, std::function<void(std::uint16_t)> protocol_rejected,
        Sender send, OptionFsm::Now now, FsmLimits limits = {});

    const LcpResult& result() const { return result_; }
    const EchoState& echo() const { return echo_; }
    const LcpConfig& config() const { return config_; }

    // Protocol-Reject of a packet of an unknown or unopened protocol (only while Opened).
    void reject_protocol(std::uint16_t protocol, std::span<const std::uint8_t> packet);
    std::optional<TimePoint> deadline() const;
    void tick(TimePoint now);
    void reset() override;
    ConfigOptions request() override;
    Verdict check(const ConfigOption& option, ConfigOption& suggestion) override;
    void acked(const ConfigOptions& ours) override;
    void naked(const ConfigOptions& suggested) override;
    void rejected(const ConfigOptions& refused) override;
    void accepted(const ConfigOptions& theirs) override;
    void up() override;
    void down() override;
    bool extra_code(std::uint8_t code, std::uint8_t id, std::span<const std::uint8_t> data) override;

  private:
    Verdict check_auth(const ConfigOption& option, ConfigOption& suggestion) const;
    std::optional<ConfigOption> auth_option() const;
    void loopback_suspect();
    void send_echo();

    LcpConfig config_;
    std::function<void(std::uint16_t)> protocol_rejected_;
    OptionFsm::Now now_;

    // Our request as it stands.
    bool want_mru_ = false, want_accm_ = false, want_magic_ = false, want_pfc_ = false,
         want_acfc_ = false;
    std::uint16_t mru_ = kDefaultMru;
    std::uint32_t accm_ = 0;
    AuthProto want_auth_ = AuthProto::None;
    std::uint32_t magic_ = 0;
    int loopbacks_ = 0;

    LcpResult result_;
    EchoState echo_;
    std::optional<TimePoint> echo_at_;
};

} // namespace xgw::ppp
