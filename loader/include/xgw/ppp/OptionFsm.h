// The RFC 1661 option negotiation automaton (section 4), once for every control protocol:
// LCP, IPCP and IPV6CP differ only in the FsmProtocol they plug in.
#pragma once

#include <xgw/ppp/ConfigOption.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>

namespace xgw::ppp {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;

enum class FsmState {
    Initial,
    Starting,
    Closed,
    Stopped,
    Closing,
    Stopping,
    ReqSent,
    AckRcvd,
    AckSent,
    Opened
};
const char* state_name(FsmState state);

enum Code : std::uint8_t {
    kConfReq = 1,
    kConfAck = 2,
    kConfNak = 3,
    kConfRej = 4,
    kTermReq = 5,
    kTermAck = 6,
    kCodeRej = 7,
    kProtRej = 8, // LCP only, from here on
    kEchoReq = 9,
    kEchoRep = 10,
    kDiscardReq = 11,
};

enum class Verdict { Ack, Nak, Reject };

// pppd's lcp-restart, lcp-max-configure, lcp-max-terminate, lcp-max-failure (and ipcp-...).
struct FsmLimits {
    std::chrono::milliseconds restart{3000};
    int max_configure = 10;
    int max_terminate = 2;
    int max_failure = 5;
    bool passive = false; // after max-configure wait for the peer instead of finishing
};

// How a layer tells the link it came up, went down, or finished (this-layer-up/-down/-finished).
struct LayerHooks {
    std::function<void()> up;
    std::function<void()> down;
    std::function<void()> finished;
};

// What one protocol adds to the automaton: its options and its this-layer actions.
class FsmProtocol {
  public:
    virtual ~FsmProtocol() = default;
    // A negotiation starts (irc for Configure): our wishes afresh.
    virtual void reset() = 0;
    virtual ConfigOptions request() = 0;
    // For Nak, sets suggestion to the option the peer should send instead.
    virtual Verdict check(const ConfigOption& option, ConfigOption& suggestion) = 0;
    virtual void acked(const ConfigOptions& ours) = 0;       // our request, as sent, accepted
    virtual void naked(const ConfigOptions& suggested) = 0;   // revise our request
    virtual void rejected(const ConfigOptions& refused) = 0;  // drop these from our request
    virtual void accepted(const ConfigOptions& theirs) = 0;   // we Ack the peer's request
    virtual void up() {}
    virtual void down() {}
    virtual void started() {}
    virtual void finished() {}
    // Codes beyond Code-Reject (LCP's 8-11). False: unknown, answered by Code-Reject.
    virtual bool extra_code(std::uint8_t code, std::uint8_t id, std::span<const std::uint8_t> data) {
        (void)code, (void)id, (void)data;
        return false;
    }
};

class OptionFsm {
  public:
    using Sender = std::function<void(std::uint16_t protocol, std::span<const std::uint8_t>)>;
    using Now = std::function<TimePoint()>;

    OptionFsm(std::string name, std::uint16_t protocol, FsmProtocol& proto, Sender send, Now now,
              FsmLimits limits = {});

    // Administrative and lower-layer events.
    void up();
    void down();
    void open();
    void close(const std::string& reason);
    // A packet of this protocol (code, id, length, data).
    void receive(std::span<const std::uint8_t> packet);
    // The peer's LCP rejected this protocol: RXJ-.
    void protocol_rejected();
    // Fires the restart timer when it is due.
    void tick(TimePoint now);

    std::optional<TimePoint> deadline() const { return deadline_; }
    FsmState state() const { return state_; }
    const std::string& name() const { return name_; }
    std::uint16_t protocol() const { return protocol_; }
    const FsmLimits& limits() const { return limits_; }
    void set_limits(const FsmLimits& limits) { limits_ = limits; }
    // Sends a packet of this protocol with a fresh identifier (LCP's echoes).
    void send_packet(std::uint8_t code, std::span<const std::uint8_t> data);
    void send_packet(std::uint8_t code, std::uint8_t id, std::span<const std::uint8_t> data);
    const std::string& close_reason() const { return reason_; }

  private:
    void timeout();
    void on_request(std::uint8_t id, std::span<const std::uint8_t> data);
    void on_ack(std::uint8_t id, std::span<const std::uint8_t> data);
    void on_nak_or_reject(std::uint8_t code, std::uint8_t id, std::span<const std::uint8_t> data);
    void on_terminate_request(std::uint8_t id);
    void on_terminate_ack();
    void on_code_reject(std::span<const std::uint8_t> data);
    void code_reject(std::span<const std::uint8_t> packet);

    void irc_configure();
    void irc_terminate();
    void zrc();
    void scr();
    void str();
    void sta(std::uint8_t id);
    void send_reply(); // sca or scn: the reply prepared for the last request
    void arm();
    void tlu();
    void tld();
    void tls();
    void tlf();
    void set(FsmState s) { state_ = s; }

    std::string name_;
    std::uint16_t protocol_;
    FsmProtocol& proto_;
    Sender send_;
    Now now_;
    FsmLimits limits_;
    FsmState state_ = FsmState::Initial;
    int restart_count_ = 0;
    int failures_ = 0; // Configure-Naks sent since the last Configure-Ack
    std::uint8_t next_id_ = 1;
    std::uint8_t req_id_ = 0;
    std::vector<std::uint8_t> req_data_;
    ConfigOptions req_options_;
    std::uint8_t reply_code_ = 0;
    std::uint8_t reply_id_ = 0;
    std::vector<std::uint8_t> reply_data_;
    ConfigOptions reply_accepted_;
    std::optional<TimePoint> deadline_;
    std::string reason_;
};

} // namespace xgw::ppp
