// PAP (RFC 1334) and CHAP with MD5 (RFC 1994), each in both roles: the peer that proves who it
// is and the authenticator that checks. Timers as pppd's pap-restart/pap-max-authreq/
// pap-timeout and chap-restart/chap-max-challenge.
#pragma once

#include <xgw/ppp/OptionFsm.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace xgw::ppp {

struct AuthOutcome {
    bool ok = false;
    std::string peer_name; // who the peer said it was (authenticator side)
    std::string message;
};
using AuthDone = std::function<void(const AuthOutcome&)>;
// The secret for a (client, server) pair, from pap-secrets or chap-secrets; none when unknown.
using SecretLookup =
    std::function<std::optional<std::string>(const std::string& client, const std::string& server)>;
using Sender = OptionFsm::Sender;

struct AuthTimers {
    std::chrono::milliseconds restart{3000};
    int max_tries = 10;
    std::chrono::milliseconds wait{30000}; // authenticator's patience for a PAP request
};

// CHAP-MD5's response value: MD5 over identifier, secret, challenge (RFC 1994 section 4.1).
std::array<std::uint8_t, 16> chap_md5(std::uint8_t id, const std::string& secret,
                                      std::span<const std::uint8_t> challenge);

// Common timer and completion of the four roles.
class AuthRole {
  public:
    virtual ~AuthRole() = default;
    virtual void start() = 0;
    virtual void receive(std::span<const std::uint8_t> packet) = 0;
    void tick(TimePoint now);
    std::optional<TimePoint> deadline() const { return deadline_; }
    bool done() const { return done_; }
    std::uint16_t protocol() const { return protocol_; }

  protected:
    AuthRole(Sender send, OptionFsm::Now now, AuthTimers timers, AuthDone on_done,
             std::uint16_t protocol)
        : send_(std::move(send)), now_(std::move(now)), timers_(timers),
          on_done_(std::move(on_done)), protocol_(protocol) {}
    virtual void timeout() = 0;
    void send(std::uint8_t code, std::uint8_t id, std::span<const std::uint8_t> data);
    void arm(std::chrono::milliseconds after) { deadline_ = now_() + after; }
    void finish(AuthOutcome outcome);

    Sender send_;
    OptionFsm::Now now_;
    AuthTimers timers_;
    AuthDone on_done_;
    std::uint16_t protocol_;
    std::optional<TimePoint> deadline_;
    bool done_ = false;
    int tries_ = 0;
};

class PapPeer final : public AuthRole {
  public:
    PapPeer(Sender send, OptionFsm::Now now, AuthTimers timers, AuthDone done, std::string user,
            std::string password);
    void start() override;
    void receive(std::span<const std::uint8_t> packet) override;

  private:
    void timeout() override;
    void send_request();
    std::string user_, password_;
    std::uint8_t id_ = 0;
};

class PapAuthenticator final : public AuthRole {
  public:
    // secrets(peer-id, our name); our_name is pppd's name option.
    PapAuthenticator(Sender send, OptionFsm::Now now, AuthTimers timers, AuthDone done,
                     std::string our_name, SecretLookup secrets);
    void start() override;
    void receive(std::span<const std::uint8_t> packet) override;

  private:
    void timeout() override;
    std::string our_name_;
    SecretLookup secrets_;
    std::optional<std::uint8_t> acked_id_; // a lost Ack is resent when the request repeats
};

class ChapPeer final : public AuthRole {
  public:
    // secrets(our name, challenger); remotename, when set, names the challenger instead.
    ChapPeer(Sender send, OptionFsm::Now now, AuthTimers timers, AuthDone done,
             std::string our_name, std::string remotename, SecretLookup secrets);
    void start() override {}
    void receive(std::span<const std::uint8_t> packet) override;

  private:
    void timeout() override {}
    std::string our_name_, remotename_;
    SecretLookup secrets_;
};

class ChapAuthenticator final : public AuthRole {
  public:
    ChapAuthenticator(Sender send, OptionFsm::Now now, AuthTimers timers, AuthDone done,
                      std::string our_name, SecretLookup secrets);
    void start() override;
    void receive(std::span<const std::uint8_t> packet) override;

  private:
    void timeout() override;
    void send_challenge();
    std::string our_name_;
    SecretLookup secrets_;
    std::uint8_t id_ = 0;
    std::array<std::uint8_t, 16> challenge_{};
    std::optional<bool> verdict_; // resent when the response repeats
};

} // namespace xgw::ppp
