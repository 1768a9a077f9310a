#include <xgw/ppp/Auth.h>
#include <xgw/ppp/ControlPacket.h>
#include <xgw/ppp/Lcp.h>

#include <algorithm>
#include <random>

namespace xgw::ppp {
namespace {

enum ChapCode : std::uint8_t { kChallenge = 1, kResponse = 2, kSuccess = 3, kFailure = 4 };

struct ValueAndName {
    std::span<const std::uint8_t> value;
    std::string name;
};

std::optional<ValueAndName> parse_value(std::span<const std::uint8_t> data) {
    if (data.empty() || data[0] == 0 || data[0] + 1u > data.size())
        return std::nullopt;
    return ValueAndName{data.subspan(1, data[0]), {data.begin() + 1 + data[0], data.end()}};
}

std::vector<std::uint8_t> value_and_name(std::span<const std::uint8_t> value,
                                         const std::string& name) {
    std::vector<std::uint8_t> v(1 + value.size() + name.size());
    v[0] = static_cast<std::uint8_t>(value.size());
    std::copy(value.begin(), value.end(), v.begin() + 1);
    std::copy(name.begin(), name.end(), v.begin() + 1 + value.size());
    return v;
}

std::vector<std::uint8_t> text(const std::string& s) { return {s.begin(), s.end()}; }

} // namespace

ChapPeer::ChapPeer(Sender send, OptionFsm::Now now, AuthTimers timers, AuthDone done,
                   std::string our_name, std::string remotename, SecretLookup secrets)
    : AuthRole(std::move(send), std::move(now), timers, std::move(done), kProtoChap),
      our_name_(std::move(our_name)), remotename_(std::move(remotename)),
      secrets_(std::move(secrets)) {}

void ChapPeer::receive(std::span<const std::uint8_t> bytes) {
    auto p = parse_control_packet(bytes);
    if (!p)
        return;
    switch (p->code) {
    case kChallenge: {
        auto c = parse_value(p->data);
        if (!c)
            return;
        const std::string server = remotename_.empty() ? c->name : remotename_;
        auto secret = secrets_(our_name_, server);
        if (!secret) {
            finish({false, "", "no CHAP secret for '" + our_name_ + "' to '" + server + "'"});
            return;
        }
        auto digest = chap_md5(p->id, *secret, c->value);
        send(kResponse, p->id, value_and_name(digest, our_name_));
        break;
    }
    case kSuccess: finish({true, "", std::string(p->data.begin(), p->data.end())}); break;
    case kFailure:
        finish({false, "",
                "CHAP authentication failed: " + std::string(p->data.begin(), p->data.end())});
        break;
    default: break;
    }
}

ChapAuthenticator::ChapAuthenticator(Sender send, OptionFsm::Now now, AuthTimers timers,
                                     AuthDone done, std::string our_name, SecretLookup secrets)
    : AuthRole(std::move(send), std::move(now), timers, std::move(done), kProtoChap),
      our_name_(std::move(our_name)), secrets_(std::move(secrets)) {}

void ChapAuthenticator::start() {
    static std::mt19937 rng{std::random_device{}()};
    std::generate(challenge_.begin(), challenge_.end(), [] { return static_cast<std::uint8_t>(rng()); });
    id_ = static_cast<std::uint8_t>(rng());
    send_challenge();
}

void ChapAuthenticator::send_challenge() {
    ++tries_;
    send(kChallenge, id_, value_and_name(challenge_, our_name_));
    arm(timers_.restart);
}

void ChapAuthenticator::timeout() {
    if (tries_ >= timers_.max_tries)
        finish({false, "", "no response to CHAP challenges"});
    else
        send_challenge();
}

void ChapAuthenticator::receive(std::span<const std::uint8_t> bytes) {
    auto p = parse_control_packet(bytes);
    if (!p || p->code != kResponse || p->id != id_)
        return;
    if (verdict_) {
        send(*verdict_ ? kSuccess : kFailure, p->id, text(*verdict_ ? "Access granted" : "Access denied"));
        return;
    }
    auto r = parse_value(p->data);
    if (!r)
        return;
    auto secret = secrets_(r->name, our_name_);
    bool ok = false;
    if (secret && r->value.size() == 16) {
        auto want = chap_md5(p->id, *secret, challenge_);
        ok = std::equal(want.begin(), want.end(), r->value.begin());
    }
    verdict_ = ok;
    send(ok ? kSuccess : kFailure, p->id, text(ok ? "Access granted" : "Access denied"));
    finish({ok, r->name, ok ? "" : "CHAP authentication of '" + r->name + "' failed"});
}

} // namespace xgw::ppp
