// Where a target's frames come from and go back to: AF_PACKET or AF_XDP.
#pragma once

#include <xgw/Result.h>

#include <cstdint>
#include <functional>
#include <span>

namespace xgw::aoe {

// Turns a request (buffer, length) into its response in place; returns its length, 0 for none.
using FrameHandler = std::function<std::size_t(std::span<std::uint8_t>, std::size_t)>;

class FrameTransport {
  public:
    virtual ~FrameTransport() = default;
    virtual int fd() const = 0;
    // Takes the frames queued now, hands each to handler, sends the answers; returns frames taken.
    virtual Result<std::size_t> serve(const FrameHandler& handler) = 0;
};

} // namespace xgw::aoe
