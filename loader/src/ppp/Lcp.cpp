#include <xgw/ppp/Lcp.h>

#include <random>

namespace xgw::ppp {
namespace {

enum LcpOption : std::uint8_t {
    kMru = 1,
    kAccm = 2,
    kAuth = 3,
    kMagic = 5,
    kPfc = 7,
    kAcfc = 8,
};

std::uint32_t random_magic() {
    static std::mt19937 rng{std::random_device{}()};
    std::uint32_t m;
    do
        m = rng();
    while (m == 0);
    return m;
}

ConfigOption auth_of(AuthProto auth) {
    if (auth == AuthProto::Chap) {
        auto d = be16(kProtoChap);
        d.push_back(kChapMd5);
        return {kAuth, d};
    }
    return {kAuth, be16(kProtoPap)};
}

std::optional<AuthProto> parse_auth(const std::vector<std::uint8_t>& d) {
    if (d.size() == 2 && get_be16(d) == kProtoPap)
        return AuthProto::Pap;
    if (d.size() == 3 && get_be16(d) == kProtoChap && d[2] == kChapMd5)
        return AuthProto::Chap;
    return std::nullopt;
}

} // namespace

const char* auth_name(AuthProto auth) {
    switch (auth) {
    case AuthProto::None: return "none";
    case AuthProto::Pap: return "pap";
    case AuthProto::Chap: return "chap";
    }
    return "?";
}

Lcp::Lcp(LcpConfig config, LayerHooks hooks, std::function<void(std::uint16_t)> protocol_rejected,
         Sender send, OptionFsm::Now now, FsmLimits limits)
    : Layer("LCP", kProtoLcp, std::move(hooks), std::move(send), now, limits), config_(config),
      protocol_rejected_(std::move(protocol_rejected)), now_(now) {}

void Lcp::reset() {
    want_mru_ = config_.mru != kDefaultMru;
    mru_ = config_.mru;
    want_accm_ = true;
    accm_ = config_.asyncmap;
    want_magic_ = config_.magic;
    magic_ = config_.magic ? random_magic() : 0;
    want_pfc_ = config_.pfc;
    want_acfc_ = config_.acfc;
    // CHAP first when both are acceptable: the secret never crosses the line.
    want_auth_ = config_.require_chap  ? AuthProto::Chap
                 : config_.require_pap ? AuthProto::Pap
                                       : AuthProto::None;
    loopbacks_ = 0;
    result_ = LcpResult{};
}

ConfigOptions Lcp::request() {
    ConfigOptions o;
    if (want_mru_)
        o.push_back({kMru, be16(mru_)});
    if (want_accm_)
        o.push_back({kAccm, be32(accm_)});
    if (auto a = auth_option())
        o.push_back(*a);
    if (want_magic_)
        o.push_back({kMagic, be32(magic_)});
    if (want_pfc_)
        o.push_back({kPfc, {}});
    if (want_acfc_)
        o.push_back({kAcfc, {}});
    return o;
}

std::optional<ConfigOption> Lcp::auth_option() const {
    if (want_auth_ == AuthProto::None)
        return std::nullopt;
    return auth_of(want_auth_);
}

Verdict Lcp::check(const ConfigOption& o, ConfigOption& suggestion) {
    switch (o.type) {
    case kMru:
        if (o.data.size() != 2)
            return Verdict::Reject;
        return Verdict::Ack;
    case kAccm: return o.data.size() == 4 ? Verdict::Ack : Verdict::Reject;
    case kAuth: return check_auth(o, suggestion);
    case kMagic: {
        if (o.data.size() != 4)
            return Verdict::Reject;
        const std::uint32_t theirs = get_be32(o.data);
        // Our own number coming back is a line looped onto itself (RFC 1661 section 6.4).
        if (theirs == 0 || (want_magic_ && theirs == magic_)) {
            if (theirs != 0)
                loopback_suspect();
            suggestion.data = be32(random_magic());
            return Verdict::Nak;
        }
        return Verdict::Ack;
    }
    case kPfc:
    case kAcfc: return o.data.empty() ? Verdict::Ack : Verdict::Reject;
    default: return Verdict::Reject;
    }
}

Verdict Lcp::check_auth(const ConfigOption& o, ConfigOption& suggestion) const {
    if (o.data.size() < 2)
        return Verdict::Reject;
    auto auth = parse_auth(o.data);
    if (auth == AuthProto::Chap && !config_.refuse_chap)
        return Verdict::Ack;
    if (auth == AuthProto::Pap && !config_.refuse_pap)
        return Verdict::Ack;
    // Offer what we can do instead, CHAP-MD5 before PAP.
    if (!config_.refuse_chap) {
        suggestion = auth_of(AuthProto::Chap);
        return Verdict::Nak;
    }
    if (!config_.refuse_pap) {
        suggestion = auth_of(AuthProto::Pap);
        return Verdict::Nak;
    }
    return Verdict::Reject;
}

void Lcp::loopback_suspect() {
    magic_ = random_magic();
    if (++loopbacks_ >= config_.max_loopback)
        fsm().close("loopback detected (our magic number came back)");
}

void Lcp::acked(const ConfigOptions& ours) {
    result_.rx = {};
    result_.our_mru = kDefaultMru;
    result_.our_magic = 0;
    result_.we_require = AuthProto::None;
    for (const auto& o : ours) {
        switch (o.type) {
        case kMru: result_.our_mru = get_be16(o.data); break;
        case kAccm: result_.rx.accm = get_be32(o.data); break;
        case kAuth: result_.we_require = parse_auth(o.data).value_or(AuthProto::None); break;
        case kMagic: result_.our_magic = get_be32(o.data); break;
        case kPfc: result_.rx.pfc = true; break;
        case kAcfc: result_.rx.acfc = true; break;
        }
    }
    loopbacks_ = 0;
}

void Lcp::accepted(const ConfigOptions& theirs) {
    result_.tx = {};
    result_.peer_mru = kDefaultMru;
    result_.peer_magic = 0;
    result_.peer_requires = AuthProto::None;
    for (const auto& o : theirs) {
        switch (o.type) {
        case kMru: result_.peer_mru = get_be16(o.data); break;
        case kAccm: result_.tx.accm = get_be32(o.data); break;
        case kAuth: result_.peer_requires = parse_auth(o.data).value_or(AuthProto::None); break;
        case kMagic: result_.peer_magic = get_be32(o.data); break;
        case kPfc: result_.tx.pfc = true; break;
        case kAcfc: result_.tx.acfc = true; break;
        }
    }
    if (config_.mtu && config_.mtu < result_.peer_mru)
        result_.peer_mru = config_.mtu;
}

void Lcp::naked(const ConfigOptions& suggested) {
    for (const auto& o : suggested) {
        switch (o.type) {
        case kMru:
            // A smaller MRU is always ours to accept; a larger one only up to what we asked.
            if (o.data.size() == 2 && get_be16(o.data) <= config_.mru) {
                mru_ = get_be16(o.data);
                want_mru_ = true;
            }
            break;
        case kAccm:
            if (o.data.size() == 4)
                accm_ |= get_be32(o.data);
            break;
        case kAuth: {
            auto auth = parse_auth(o.data);
            // The peer would rather do the other protocol: fine if we also accept that one.
            if (auth == AuthProto::Pap && config_.require_pap)
                want_auth_ = AuthProto::Pap;
            else if (auth == AuthProto::Chap && config_.require_chap)
                want_auth_ = AuthProto::Chap;
            break;
        }
        case kMagic:
            if (o.data.size() == 4 && get_be32(o.data) == magic_)
                loopback_suspect();
            else
                magic_ = random_magic();
            break;
        default: break; // a hint for an option we did not ask for: we do not want it
        }
    }
}

void Lcp::rejected(const ConfigOptions& refused) {
    for (const auto& o : refused) {
        switch (o.type) {
        case kMru: want_mru_ = false; break;
        case kAccm: want_accm_ = false; break;
        case kMagic: want_magic_ = false; break;
        case kPfc: want_pfc_ = false; break;
        case kAcfc: want_acfc_ = false; break;
        case kAuth:
            // pppd: a peer that will not authenticate when we require it ends the link.
            fsm().close("peer refused to authenticate");
            break;
        }
    }
}

void Lcp::up() {
    echo_ = {};
    if (config_.echo_interval > 0)
        echo_at_ = now_() + std::chrono::seconds(config_.echo_interval);
    Layer::up();
}

void Lcp::down() {
    echo_at_.reset();
    Layer::down();
}

std::optional<TimePoint> Lcp::deadline() const {
    auto d = fsm().deadline();
    if (echo_at_ && (!d || *echo_at_ < *d))
        return echo_at_;
    return d;
}

void Lcp::tick(TimePoint now) {
    fsm().tick(now);
    if (echo_at_ && now >= *echo_at_) {
        if (config_.echo_failure > 0 && echo_.pending >= config_.echo_failure) {
            echo_at_.reset();
            fsm().close("no response to " + std::to_string(echo_.pending) + " echo-requests");
            return;
        }
        send_echo();
        echo_at_ = now + std::chrono::seconds(config_.echo_interval);
    }
}

void Lcp::send_echo() {
    auto magic = be32(result_.our_magic);
    fsm().send_packet(kEchoReq, magic);
    ++echo_.sent;
    ++echo_.pending;
}

bool Lcp::extra_code(std::uint8_t code, std::uint8_t id, std::span<const std::uint8_t> data) {
    const bool opened = fsm().state() == FsmState::Opened;
    switch (code) {
    case kProtRej:
        if (opened && data.size() >= 2 && protocol_rejected_)
            protocol_rejected_(get_be16(data));
        return true;
    case kEchoReq: {
        if (!opened || data.size() < 4)
            return true;
        if (result_.our_magic != 0 && get_be32(data) == result_.our_magic) {
            loopback_suspect();
            return true;
        }
        std::vector<std::uint8_t> reply = be32(result_.our_magic);
        reply.insert(reply.end(), data.begin() + 4, data.end());
        fsm().send_packet(kEchoRep, id, reply);
        return true;
    }
    case kEchoRep:
        if (opened) {
            ++echo_.replies;
            echo_.pending = 0;
        }
        return true;
    case kDiscardReq: return true;
    default: return false;
    }
}

void Lcp::reject_protocol(std::uint16_t protocol, std::span<const std::uint8_t> packet) {
    if (fsm().state() != FsmState::Opened)
        return;
    std::vector<std::uint8_t> data = be16(protocol);
    const std::size_t room = result_.peer_mru - 6;
    data.insert(data.end(), packet.begin(), packet.begin() + std::min(room, packet.size()));
    fsm().send_packet(kProtRej, data);
}

} // namespace xgw::ppp
