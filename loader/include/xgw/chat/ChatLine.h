// The line a chat runs on, as the engine needs it: one byte at a time, with deadlines.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

namespace xgw::chat {

using Deadline = std::chrono::steady_clock::time_point;

enum class LineStatus { Ok, Timeout, Eof, Failed, Interrupted };

struct LineEvent {
    LineStatus status = LineStatus::Ok;
    std::uint8_t byte = 0; // the byte read, when status is Ok
    int sys_errno = 0;     // when Failed
    int signal = 0;        // when Interrupted: SIGINT, SIGTERM or SIGHUP
};

class ChatLine {
  public:
    virtual ~ChatLine() = default;
    // Waits for one byte until the deadline (forever without one).
    virtual LineEvent read_byte(std::optional<Deadline> deadline) = 0;
    virtual LineEvent write_byte(std::uint8_t byte) = 0;
    virtual void send_break() = 0;
    virtual LineEvent pause(std::chrono::milliseconds duration) = 0;
    // HANGUP OFF: a hangup signal no longer ends the chat.
    virtual void ignore_hangup(bool ignore) = 0;
};

} // namespace xgw::chat
