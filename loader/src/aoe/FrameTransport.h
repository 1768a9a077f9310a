// Where a target's frames come from and go back to: AF_PACKET or AF_XDP.
#pragma once

#include <xgw/Result.h>

#include <cstdint>
#include <functional>
#include <span>

namespace xgw::aoe {

// Turns a request (buffer, length) into its response in place; returns its length, 0 for none.
using FrameHandler = std::function<std::size_t(std::span<std::uint8_t>, std::size_t)>;
// Takes one more answer of the current batch (one the handler held back).
using AnswerSink = std::function<void(std::span<const std::uint8_t>)>;
// Runs once per batch after its last frame was handled, before the answers leave.
using BatchEnd = std::function<void(const AnswerSink&)>;

class FrameTransport {
  public:
    virtual ~FrameTransport() = default;
    virtual int fd() const = 0;
    // Takes the frames queued now, hands each to handler, then lets end add the answers it held
    // back, and sends them all; returns frames taken.
    virtual Result<std::size_t> serve(const FrameHandler& handler, const BatchEnd& end) = 0;
};

} // namespace xgw::aoe
