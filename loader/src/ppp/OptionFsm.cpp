// The state table of RFC 1661 section 4.1, event by event. Each function's switch is one column
// of the table; the comments name the actions as the RFC does (irc, scr, sca, tlu, ...).
#include <xgw/ppp/ControlPacket.h>
#include <xgw/ppp/OptionFsm.h>

#include <algorithm>

namespace xgw::ppp {

const char* state_name(FsmState state) {
    switch (state) {
    case FsmState::Initial: return "initial";
    case FsmState::Starting: return "starting";
    case FsmState::Closed: return "closed";
    case FsmState::Stopped: return "stopped";
    case FsmState::Closing: return "closing";
    case FsmState::Stopping: return "stopping";
    case FsmState::ReqSent: return "req-sent";
    case FsmState::AckRcvd: return "ack-rcvd";
    case FsmState::AckSent: return "ack-sent";
    case FsmState::Opened: return "opened";
    }
    return "?";
}

OptionFsm::OptionFsm(std::string name, std::uint16_t protocol, FsmProtocol& proto, Sender send,
                     Now now, FsmLimits limits)
    : name_(std::move(name)), protocol_(protocol), proto_(proto), send_(std::move(send)),
      now_(std::move(now)), limits_(limits) {}

void OptionFsm::up() {
    switch (state_) {
    case FsmState::Initial: set(FsmState::Closed); break;
    case FsmState::Starting:
        irc_configure();
        scr();
        set(FsmState::ReqSent);
        break;
    default: break;
    }
}

void OptionFsm::down() {
    deadline_.reset();
    switch (state_) {
    case FsmState::Closed:
    case FsmState::Closing: set(FsmState::Initial); break;
    case FsmState::Stopped:
        tls();
        set(FsmState::Starting);
        break;
    case FsmState::Stopping:
    case FsmState::ReqSent:
    case FsmState::AckRcvd:
    case FsmState::AckSent: set(FsmState::Starting); break;
    case FsmState::Opened:
        tld();
        set(FsmState::Starting);
        break;
    default: break;
    }
}

void OptionFsm::open() {
    reason_.clear();
    switch (state_) {
    case FsmState::Initial:
        tls();
        set(FsmState::Starting);
        break;
    case FsmState::Closed:
        irc_configure();
        scr();
        set(FsmState::ReqSent);
        break;
    case FsmState::Closing: set(FsmState::Stopping); break;
    default: break;
    }
}

void OptionFsm::close(const std::string& reason) {
    reason_ = reason;
    switch (state_) {
    case FsmState::Starting:
        tlf();
        set(FsmState::Initial);
        break;
    case FsmState::Stopped: set(FsmState::Closed); break;
    case FsmState::Stopping: set(FsmState::Closing); break;
    case FsmState::Opened:
        tld();
        [[fallthrough]];
    case FsmState::ReqSent:
    case FsmState::AckRcvd:
    case FsmState::AckSent:
        irc_terminate();
        str();
        set(FsmState::Closing);
        break;
    default: break;
    }
}

void OptionFsm::tick(TimePoint now) {
    if (deadline_ && now >= *deadline_) {
        deadline_.reset();
        timeout();
    }
}

void OptionFsm::timeout() {
    const bool more = restart_count_ > 0;
    switch (state_) {
    case FsmState::Closing:
    case FsmState::Stopping:
        if (more) {
            str();
        } else {
            tlf();
            set(state_ == FsmState::Closing ? FsmState::Closed : FsmState::Stopped);
        }
        break;
    case FsmState::ReqSent:
    case FsmState::AckRcvd:
    case FsmState::AckSent:
        if (more) {
            scr();
            if (state_ == FsmState::AckRcvd)
                set(FsmState::ReqSent);
        } else {
            // pppd's passive option: stay Stopped and wait for the peer to start.
            if (!limits_.passive)
                tlf();
            set(FsmState::Stopped);
        }
        break;
    default: break;
    }
}

void OptionFsm::receive(std::span<const std::uint8_t> packet) {
    auto parsed = parse_control_packet(packet);
    if (!parsed)
        return;
    const auto [code, id, data] = *parsed;
    // Before the lower layer is up there is no one to answer.
    if (state_ == FsmState::Initial || state_ == FsmState::Starting)
        return;
    switch (code) {
    case kConfReq: on_request(id, data); break;
    case kConfAck: on_ack(id, data); break;
    case kConfNak:
    case kConfRej: on_nak_or_reject(code, id, data); break;
    case kTermReq: on_terminate_request(id); break;
    case kTermAck: on_terminate_ack(); break;
    case kCodeRej: on_code_reject(data); break;
    default:
        if (!proto_.extra_code(code, id, data))
            code_reject(packet.first(data.size() + 4));
        break;
    }
}

void OptionFsm::on_request(std::uint8_t id, std::span<const std::uint8_t> data) {
    auto options = parse_options(data);
    if (!options)
        return; // malformed: silently discarded
    ConfigOptions naks, naked, rejects;
    for (const auto& o : *options) {
        ConfigOption suggestion{o.type, {}};
        switch (proto_.check(o, suggestion)) {
        case Verdict::Ack: break;
        case Verdict::Nak:
            naks.push_back(std::move(suggestion));
            naked.push_back(o);
            break;
        case Verdict::Reject: rejects.push_back(o); break;
        }
    }
    // Max-Failure: a negotiation that does not converge turns its Naks into Rejects.
    if (rejects.empty() && !naks.empty() && failures_ >= limits_.max_failure)
        rejects = std::move(naked);
    reply_id_ = id;
    reply_data_.clear();
    const bool good = rejects.empty() && naks.empty();
    if (!rejects.empty()) {
        reply_code_ = kConfRej;
        append_options(rejects, reply_data_);
    } else if (!naks.empty()) {
        reply_code_ = kConfNak;
        append_options(naks, reply_data_);
    } else {
        reply_code_ = kConfAck;
        reply_data_.assign(data.begin(), data.end());
        reply_accepted_ = *options;
    }
    switch (state_) {
    case FsmState::Closed: sta(id); break;
    case FsmState::Stopped:
        irc_configure();
        scr();
        send_reply();
        set(good ? FsmState::AckSent : FsmState::ReqSent);
        break;
    case FsmState::ReqSent:
    case FsmState::AckSent:
        send_reply();
        set(good ? FsmState::AckSent : FsmState::ReqSent);
        break;
    case FsmState::AckRcvd:
        send_reply();
        if (good) {
            set(FsmState::Opened);
            tlu();
        }
        break;
    case FsmState::Opened:
        tld();
        scr();
        send_reply();
        set(good ? FsmState::AckSent : FsmState::ReqSent);
        break;
    default: break; // Closing, Stopping: ignored
    }
}

void OptionFsm::on_ack(std::uint8_t id, std::span<const std::uint8_t> data) {
    // An Ack must answer our latest request with exactly its options (RFC 1661 section 5.2).
    if (id != req_id_ || !std::equal(data.begin(), data.end(), req_data_.begin(), req_data_.end()))
        return;
    switch (state_) {
    case FsmState::Closed:
    case FsmState::Stopped: sta(id); break;
    case FsmState::ReqSent:
        proto_.acked(req_options_);
        restart_count_ = limits_.max_configure;
        set(FsmState::AckRcvd);
        break;
    case FsmState::AckRcvd:
        scr(); // crossed connection
        set(FsmState::ReqSent);
        break;
    case FsmState::AckSent:
        proto_.acked(req_options_);
        restart_count_ = limits_.max_configure;
        deadline_.reset();
        set(FsmState::Opened);
        tlu();
        break;
    case FsmState::Opened:
        tld();
        scr();
        set(FsmState::ReqSent);
        break;
    default: break;
    }
}

void OptionFsm::on_nak_or_reject(std::uint8_t code, std::uint8_t id,
                                 std::span<const std::uint8_t> data) {
    if (id != req_id_)
        return;
    auto options = parse_options(data);
    if (!options)
        return;
    if (code == kConfRej) {
        // A Reject names only options we sent, unchanged.
        for (const auto& o : *options)
            if (std::find(req_options_.begin(), req_options_.end(), o) == req_options_.end())
                return;
    }
    auto revise = [&] {
        if (code == kConfNak)
            proto_.naked(*options);
        else
            proto_.rejected(*options);
    };
    switch (state_) {
    case FsmState::Closed:
    case FsmState::Stopped: sta(id); break;
    case FsmState::ReqSent:
    case FsmState::AckSent:
        revise();
        irc_configure();
        scr();
        break;
    case FsmState::AckRcvd:
        revise();
        scr();
        set(FsmState::ReqSent);
        break;
    case FsmState::Opened:
        tld();
        revise();
        scr();
        set(FsmState::ReqSent);
        break;
    default: break;
    }
}

void OptionFsm::on_terminate_request(std::uint8_t id) {
    switch (state_) {
    case FsmState::AckRcvd:
    case FsmState::AckSent:
        sta(id);
        set(FsmState::ReqSent);
        break;
    case FsmState::Opened:
        reason_ = "peer requested termination";
        tld();
        zrc();
        sta(id);
        set(FsmState::Stopping);
        break;
    default: sta(id); break;
    }
}

void OptionFsm::on_terminate_ack() {
    switch (state_) {
    case FsmState::Closing:
        deadline_.reset();
        tlf();
        set(FsmState::Closed);
        break;
    case FsmState::Stopping:
        deadline_.reset();
        tlf();
        set(FsmState::Stopped);
        break;
    case FsmState::AckRcvd: set(FsmState::ReqSent); break;
    case FsmState::Opened:
        tld();
        scr();
        set(FsmState::ReqSent);
        break;
    default: break;
    }
}

void OptionFsm::on_code_reject(std::span<const std::uint8_t> data) {
    // Rejecting a code of the automaton itself is catastrophic (RXJ-); an extra code is not.
    const bool fatal = !data.empty() && data[0] >= kConfReq && data[0] <= kCodeRej;
    if (!fatal) {
        if (state_ == FsmState::AckRcvd)
            set(FsmState::ReqSent);
        return;
    }
    protocol_rejected();
}

void OptionFsm::protocol_rejected() {
    reason_ = name_ + " rejected by the peer";
    switch (state_) {
    case FsmState::Closed:
    case FsmState::Closing:
        deadline_.reset();
        tlf();
        set(FsmState::Closed);
        break;
    case FsmState::Stopped:
    case FsmState::Stopping:
    case FsmState::ReqSent:
    case FsmState::AckRcvd:
    case FsmState::AckSent:
        deadline_.reset();
        tlf();
        set(FsmState::Stopped);
        break;
    case FsmState::Opened:
        tld();
        irc_terminate();
        str();
        set(FsmState::Stopping);
        break;
    default: break;
    }
}

void OptionFsm::code_reject(std::span<const std::uint8_t> packet) {
    // The rejected packet goes back whole, cut to fit the default MRU.
    send_packet(kCodeRej, packet.first(std::min<std::size_t>(packet.size(), 1500 - 4)));
}

void OptionFsm::irc_configure() { restart_count_ = limits_.max_configure; }

void OptionFsm::irc_terminate() { restart_count_ = limits_.max_terminate; }

void OptionFsm::zrc() {
    restart_count_ = 0;
    arm();
}

void OptionFsm::scr() {
    // A request sent from outside a negotiation starts one: our wishes and the Nak count afresh.
    if (state_ != FsmState::ReqSent && state_ != FsmState::AckRcvd && state_ != FsmState::AckSent) {
        proto_.reset();
        failures_ = 0;
    }
    req_options_ = proto_.request();
    req_data_.clear();
    append_options(req_options_, req_data_);
    req_id_ = next_id_++;
    send_packet(kConfReq, req_id_, req_data_);
    --restart_count_;
    arm();
}

void OptionFsm::str() {
    std::vector<std::uint8_t> text(reason_.begin(), reason_.end());
    send_packet(kTermReq, text);
    --restart_count_;
    arm();
}

void OptionFsm::sta(std::uint8_t id) { send_packet(kTermAck, id, {}); }

void OptionFsm::send_reply() {
    if (reply_code_ == kConfAck) {
        failures_ = 0;
        proto_.accepted(reply_accepted_);
    } else if (reply_code_ == kConfNak) {
        ++failures_;
    }
    send_packet(reply_code_, reply_id_, reply_data_);
}

void OptionFsm::send_packet(std::uint8_t code, std::span<const std::uint8_t> data) {
    send_packet(code, next_id_++, data);
}

void OptionFsm::send_packet(std::uint8_t code, std::uint8_t id, std::span<const std::uint8_t> data) {
    send_(protocol_, make_control_packet(code, id, data));
}

void OptionFsm::arm() { deadline_ = now_() + limits_.restart; }

void OptionFsm::tlu() { proto_.up(); }
void OptionFsm::tld() { proto_.down(); }
void OptionFsm::tls() { proto_.started(); }
void OptionFsm::tlf() { proto_.finished(); }

} // namespace xgw::ppp
