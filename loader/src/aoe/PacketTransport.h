// Frames through an AF_PACKET socket, batched with recvmmsg/sendmmsg.
#pragma once

#include "FrameTransport.h"

#include <xgw/aoe/PacketSocket.h>

#include <memory>
#include <vector>

namespace xgw::aoe {

class PacketTransport final : public FrameTransport {
  public:
    explicit PacketTransport(std::shared_ptr<const PacketSocket> socket);
    int fd() const override { return socket_->fd(); }
    Result<std::size_t> serve(const FrameHandler& handler, const BatchEnd& end) override;

  private:
    std::shared_ptr<const PacketSocket> socket_; // shared with the AF_XDP transport, for jumbo answers
    std::vector<std::vector<std::uint8_t>> bufs_;
    std::vector<std::span<std::uint8_t>> spans_;
};

} // namespace xgw::aoe
