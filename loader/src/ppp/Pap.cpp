#include <xgw/ppp/Auth.h>
#include <xgw/ppp/ControlPacket.h>
#include <xgw/ppp/Lcp.h>

#include <algorithm>

namespace xgw::ppp {
namespace {

enum PapCode : std::uint8_t { kRequest = 1, kAck = 2, kNak = 3 };

// A length-prefixed field; none when it runs past the end.
std::optional<std::string> take_field(std::span<const std::uint8_t>& data) {
    if (data.empty() || data[0] + 1u > data.size())
        return std::nullopt;
    std::string s(data.begin() + 1, data.begin() + 1 + data[0]);
    data = data.subspan(1 + data[0]);
    return s;
}

void append_field(const std::string& s, std::vector<std::uint8_t>& out) {
    const std::size_t n = std::min<std::size_t>(s.size(), 255);
    out.push_back(static_cast<std::uint8_t>(n));
    out.insert(out.end(), s.begin(), s.begin() + static_cast<std::ptrdiff_t>(n));
}

std::vector<std::uint8_t> field(const std::string& s) {
    std::vector<std::uint8_t> v;
    v.reserve(s.size() + 1);
    append_field(s, v);
    return v;
}

} // namespace

PapPeer::PapPeer(Sender send, OptionFsm::Now now, AuthTimers timers, AuthDone done,
                 std::string user, std::string password)
    : AuthRole(std::move(send), std::move(now), timers, std::move(done), kProtoPap),
      user_(std::move(user)), password_(std::move(password)) {}

void PapPeer::start() { send_request(); }

void PapPeer::send_request() {
    std::vector<std::uint8_t> data;
    append_field(user_, data);
    append_field(password_, data);
    ++tries_;
    send(kRequest, ++id_, data);
    arm(timers_.restart);
}

void PapPeer::timeout() {
    if (tries_ >= timers_.max_tries)
        finish({false, "", "no response to PAP authenticate-requests"});
    else
        send_request();
}

void PapPeer::receive(std::span<const std::uint8_t> bytes) {
    auto p = parse_control_packet(bytes);
    if (!p || done_ || p->id != id_ || (p->code != kAck && p->code != kNak))
        return;
    auto data = p->data;
    std::string msg = take_field(data).value_or("");
    if (p->code == kAck)
        finish({true, "", msg});
    else
        finish({false, "", "PAP authentication failed: " + msg});
}

PapAuthenticator::PapAuthenticator(Sender send, OptionFsm::Now now, AuthTimers timers,
                                   AuthDone done, std::string our_name, SecretLookup secrets)
    : AuthRole(std::move(send), std::move(now), timers, std::move(done), kProtoPap),
      our_name_(std::move(our_name)), secrets_(std::move(secrets)) {}

void PapAuthenticator::start() { arm(timers_.wait); }

void PapAuthenticator::timeout() { finish({false, "", "peer sent no PAP authenticate-request"}); }

void PapAuthenticator::receive(std::span<const std::uint8_t> bytes) {
    auto p = parse_control_packet(bytes);
    if (!p || p->code != kRequest)
        return;
    if (done_) {
        if (acked_id_ == p->id)
            send(kAck, p->id, field("Login ok"));
        return;
    }
    auto data = p->data;
    auto user = take_field(data);
    auto password = take_field(data);
    if (!user || !password)
        return;
    auto secret = secrets_(*user, our_name_);
    if (secret && *secret == *password) {
        acked_id_ = p->id;
        send(kAck, p->id, field("Login ok"));
        finish({true, *user, ""});
    } else {
        send(kNak, p->id, field("Login incorrect"));
        finish({false, *user, "PAP authentication of '" + *user + "' failed"});
    }
}

} // namespace xgw::ppp
