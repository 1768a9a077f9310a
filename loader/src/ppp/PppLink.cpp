#include <xgw/ppp/PppLink.h>

namespace xgw::ppp {

const char* phase_name(Phase phase) {
    switch (phase) {
    case Phase::Dead: return "dead";
    case Phase::Establish: return "establish";
    case Phase::Authenticate: return "authenticate";
    case Phase::Network: return "network";
    case Phase::Terminate: return "terminate";
    }
    return "?";
}

PppLink::PppLink(LinkConfig config, Sender send, Deliver deliver, LinkEvents events,
                 OptionFsm::Now now)
    : config_(std::move(config)), send_(std::move(send)), deliver_(std::move(deliver)),
      events_(std::move(events)), now_(now),
      lcp_(config_.lcp, {[this] { lcp_up(); }, [this] { lcp_down(); }, [this] { lcp_finished(); }},
           [this](std::uint16_t p) { protocol_rejected(p); }, send_, now, config_.lcp_limits),
      ipcp_(config_.ipcp,
            {[this] { ip_up(); },
             [this] {
                 if (std::exchange(ip_is_up_, false) && events_.ip_down)
                     events_.ip_down();
             },
             {}},
            send_, now, config_.ipcp_limits),
      ipv6cp_({[this] {
                   ipv6_is_up_ = true;
                   if (events_.ipv6_up)
                       events_.ipv6_up(ipv6cp_.result());
               },
               [this] {
                   if (std::exchange(ipv6_is_up_, false) && events_.ipv6_down)
                       events_.ipv6_down();
               },
               {}},
              send_, now, config_.ipcp_limits) {}

void PppLink::start() {
    phase_ = Phase::Establish;
    auth_failed_ = false;
    reason_.clear();
    lcp_.fsm().open();
    lcp_.fsm().up();
}

void PppLink::stop(const std::string& reason) {
    reason_ = reason;
    lcp_.fsm().close(reason);
}

void PppLink::lower_down(const std::string& reason) {
    reason_ = reason;
    lcp_.fsm().down();
    lcp_.fsm().close(reason);
    if (phase_ != Phase::Dead) {
        phase_ = Phase::Dead;
        if (events_.finished)
            events_.finished(reason_);
    }
}

void PppLink::lcp_up() {
    const auto& r = lcp_.result();
    if (events_.framing)
        events_.framing(r);
    phase_ = Phase::Authenticate;
    auto sender = send_;
    if (r.we_require == AuthProto::Pap) {
        authenticator_ = std::make_unique<PapAuthenticator>(
            sender, now_, config_.pap_timers, [this](auto& o) { auth_done(false, o); },
            config_.name, [this](auto& c, auto& s) { return secret(config_.pap_secrets, c, s); });
    } else if (r.we_require == AuthProto::Chap) {
        authenticator_ = std::make_unique<ChapAuthenticator>(
            sender, now_, config_.chap_timers, [this](auto& o) { auth_done(false, o); },
            config_.name, [this](auto& c, auto& s) { return secret(config_.chap_secrets, c, s); });
    }
    const std::string user = config_.user.empty() ? config_.name : config_.user;
    if (r.peer_requires == AuthProto::Pap) {
        std::string password = config_.password;
        if (password.empty())
            password = secret(config_.pap_secrets, user,
                              config_.remotename.empty() ? "*" : config_.remotename)
                           .value_or("");
        authenticatee_ = std::make_unique<PapPeer>(sender, now_, config_.pap_timers,
                                                   [this](auto& o) { auth_done(true, o); }, user,
                                                   password);
    } else if (r.peer_requires == AuthProto::Chap) {
        authenticatee_ = std::make_unique<ChapPeer>(
            sender, now_, config_.chap_timers, [this](auto& o) { auth_done(true, o); }, user,
            config_.remotename,
            [this](auto& c, auto& s) { return secret(config_.chap_secrets, c, s); });
    }
    if (authenticator_)
        authenticator_->start();
    if (authenticatee_)
        authenticatee_->start();
    if (!authenticator_ && !authenticatee_)
        enter_network();
}

std::optional<std::string> PppLink::secret(const Secrets& s, const std::string& client,
                                           const std::string& server) const {
    auto e = s.find(client, server);
    if (!e)
        return std::nullopt;
    return e->secret;
}

void PppLink::auth_done(bool ours, const AuthOutcome& outcome) {
    if (!outcome.ok) {
        auth_failed_ = true;
        lcp_.fsm().close(outcome.message.empty() ? "authentication failed" : outcome.message);
        return;
    }
    if (!ours) {
        peer_name_ = outcome.peer_name;
        // pppd's address restrictions: the peer's secrets line says which addresses it may use.
        const Secrets& table = lcp_.result().we_require == AuthProto::Pap ? config_.pap_secrets
                                                                         : config_.chap_secrets;
        if (auto entry = table.find(peer_name_, config_.name))
            ipcp_.restrict_remote([e = *entry](std::uint32_t a) { return address_allowed(e, a); },
                                  suggested_address(*entry).value_or(0));
    }
    const bool theirs_done = !authenticator_ || authenticator_->done();
    const bool ours_done = !authenticatee_ || authenticatee_->done();
    if (theirs_done && ours_done && phase_ == Phase::Authenticate)
        enter_network();
}

void PppLink::enter_network() {
    phase_ = Phase::Network;
    ncp_open(ipcp_);
    if (config_.ipv6)
        ncp_open(ipv6cp_);
}

void PppLink::ncp_open(Layer& ncp) {
    ncp.fsm().open();
    ncp.fsm().up();
}

void PppLink::ip_up() {
    const auto& r = ipcp_.result();
    if (!r.local || !r.remote) {
        ipcp_.fsm().close(!r.local ? "could not determine local IP address"
                                   : "could not determine remote IP address");
        return;
    }
    ip_is_up_ = true;
    if (events_.ip_up)
        events_.ip_up(r);
}

void PppLink::lcp_down() {
    phase_ = Phase::Terminate;
    for (Layer* ncp : {static_cast<Layer*>(&ipcp_), static_cast<Layer*>(&ipv6cp_)}) {
        ncp->fsm().down();
        ncp->fsm().close("LCP down");
    }
    authenticator_.reset();
    authenticatee_.reset();
}

void PppLink::lcp_finished() {
    if (phase_ == Phase::Dead)
        return;
    phase_ = Phase::Dead;
    if (reason_.empty())
        reason_ = lcp_.fsm().close_reason().empty() ? "LCP negotiation failed"
                                                     : lcp_.fsm().close_reason();
    if (events_.finished)
        events_.finished(reason_);
}

Layer* PppLink::layer_for(std::uint16_t protocol) {
    if (protocol == kProtoIpcp)
        return &ipcp_;
    if (protocol == kProtoIpv6cp && config_.ipv6)
        return &ipv6cp_;
    return nullptr;
}

void PppLink::receive(std::uint16_t protocol, std::span<const std::uint8_t> info) {
    if (protocol == kProtoLcp) {
        lcp_.fsm().receive(info);
        return;
    }
    // Before LCP is open every other protocol is silently discarded (RFC 1661 section 3.4).
    if (lcp_.fsm().state() != FsmState::Opened) {
        ++counters_.discarded;
        return;
    }
    if (protocol == kProtoPap || protocol == kProtoChap) {
        // Requests (PAP) and responses (CHAP) go to the authenticator, the rest to the peer role.
        const bool to_authenticator =
            !info.empty() && info[0] == (protocol == kProtoPap ? 1 : 2);
        AuthRole* role = to_authenticator ? authenticator_.get() : authenticatee_.get();
        if (role && role->protocol() == protocol)
            role->receive(info);
        return;
    }
    if (Layer* ncp = layer_for(protocol)) {
        if (phase_ == Phase::Network)
            ncp->fsm().receive(info);
        else
            ++counters_.discarded;
        return;
    }
    if (protocol == kProtoIpv4 || (protocol == kProtoIpv6 && config_.ipv6)) {
        const bool open = protocol == kProtoIpv4 ? ip_is_up_ : ipv6_is_up_;
        if (!open) {
            ++counters_.discarded;
            return;
        }
        ++counters_.packets_in;
        counters_.bytes_in += info.size();
        deliver_(protocol, info);
        return;
    }
    ++counters_.protocol_rejects;
    lcp_.reject_protocol(protocol, info);
}

bool PppLink::send_ip(std::uint16_t protocol, std::span<const std::uint8_t> packet) {
    const bool open = protocol == kProtoIpv4 ? ip_is_up_ : ipv6_is_up_;
    if (!open || packet.size() > lcp_.result().peer_mru) {
        ++counters_.discarded;
        return false;
    }
    ++counters_.packets_out;
    counters_.bytes_out += packet.size();
    send_(protocol, packet);
    return true;
}

void PppLink::protocol_rejected(std::uint16_t protocol) {
    if (Layer* ncp = layer_for(protocol))
        ncp->fsm().protocol_rejected();
}

void PppLink::tick(TimePoint now) {
    lcp_.tick(now);
    ipcp_.fsm().tick(now);
    ipv6cp_.fsm().tick(now);
    if (authenticator_)
        authenticator_->tick(now);
    if (authenticatee_)
        authenticatee_->tick(now);
}

std::optional<TimePoint> PppLink::deadline() const {
    std::optional<TimePoint> d = lcp_.deadline();
    auto take = [&d](std::optional<TimePoint> t) {
        if (t && (!d || *t < *d))
            d = t;
    };
    take(ipcp_.fsm().deadline());
    take(ipv6cp_.fsm().deadline());
    if (authenticator_)
        take(authenticator_->deadline());
    if (authenticatee_)
        take(authenticatee_->deadline());
    return d;
}

} // namespace xgw::ppp
