// One PPP link's protocol side (RFC 1661 section 3 phases): LCP, then authentication both ways,
// then IPCP and IPV6CP, with frames in and out through callbacks. No I/O of its own, so that
// unit tests drive two links back to back; PppSession puts it on a line and a TUN device.
#pragma once

#include <xgw/ppp/Auth.h>
#include <xgw/ppp/Ipcp.h>
#include <xgw/ppp/Ipv6cp.h>
#include <xgw/ppp/Lcp.h>
#include <xgw/ppp/Secrets.h>

#include <memory>
#include <string>

namespace xgw::ppp {

enum class Phase { Dead, Establish, Authenticate, Network, Terminate };
const char* phase_name(Phase phase);

struct LinkConfig {
    LcpConfig lcp;
    FsmLimits lcp_limits;
    IpcpConfig ipcp;
    FsmLimits ipcp_limits;
    bool ipv6 = false;
    std::string name;       // ours, for authentication (pppd's name; default the host name)
    std::string user;       // what we authenticate as (pppd's user; default name)
    std::string password;   // pppd's password: overrides pap-secrets for PAP
    std::string remotename; // the peer's name for secrets lookups
    AuthTimers pap_timers;
    AuthTimers chap_timers;
    Secrets pap_secrets;
    Secrets chap_secrets;
};

struct LinkEvents {
    std::function<void(const LcpResult&)> framing;    // LCP opened: set the framer's options
    std::function<void(const IpcpResult&)> ip_up;     // IPCP opened with both addresses
    std::function<void()> ip_down;
    std::function<void(const Ipv6cpResult&)> ipv6_up;
    std::function<void()> ipv6_down;
    std::function<void(const std::string& reason)> finished; // LCP finished: the link is over
};

struct LinkCounters {
    std::uint64_t packets_in = 0, bytes_in = 0, packets_out = 0, bytes_out = 0;
    std::uint64_t discarded = 0; // data for a protocol that is not open
    std::uint64_t protocol_rejects = 0;
};

class PppLink {
  public:
    using Sender = OptionFsm::Sender;
    using Deliver = std::function<void(std::uint16_t protocol, std::span<const std::uint8_t>)>;

    PppLink(LinkConfig config, Sender send, Deliver deliver, LinkEvents events,
            OptionFsm::Now now);

    void start();                         // the line is up: open LCP
    void stop(const std::string& reason); // administrative close (pppd's SIGTERM)
    void lower_down(const std::string& reason); // the line went away
    void receive(std::uint16_t protocol, std::span<const std::uint8_t> info);
    // A packet from the TUN device: sent when its NCP is open, else counted and dropped.
    bool send_ip(std::uint16_t protocol, std::span<const std::uint8_t> packet);
    void tick(TimePoint now);
    std::optional<TimePoint> deadline() const;

    Phase phase() const { return phase_; }
    bool auth_failed() const { return auth_failed_; }
    const std::string& peer_name() const { return peer_name_; }
    const Lcp& lcp() const { return lcp_; }
    const Ipcp& ipcp() const { return ipcp_; }
    const Ipv6cp& ipv6cp() const { return ipv6cp_; }
    const LinkCounters& counters() const { return counters_; }
    const LinkConfig& config() const { return config_; }

  private:
    void lcp_up();
    void lcp_down();
    void lcp_finished();
    void auth_done(bool ours, const AuthOutcome& outcome);
    void enter_network();
    void ncp_open(Layer& ncp);
    std::optional<std::string> secret(const Secrets& s, const std::string& client,
                                      const std::string& server) const;
    void ip_up();
    Layer* layer_for(std::uint16_t protocol);
    void protocol_rejected(std::uint16_t protocol);

    LinkConfig config_;
    Sender send_;
    Deliver deliver_;
    LinkEvents events_;
    OptionFsm::Now now_;
    Phase phase_ = Phase::Dead;
    Lcp lcp_;
    Ipcp ipcp_;
    Ipv6cp ipv6cp_;
    std::unique_ptr<AuthRole> authenticator_; // we check the peer
    std::unique_ptr<AuthRole> authenticatee_; // the peer checks us
    bool auth_failed_ = false;
    bool ip_is_up_ = false;
    bool ipv6_is_up_ = false;
    std::string peer_name_;
    std::string reason_;
    LinkCounters counters_;
};

} // namespace xgw::ppp
