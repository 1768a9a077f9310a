// Frames through an AF_XDP socket that XDP steering fills (action xsk). Each request is copied out
// of the UMEM, answered, and copied back into its own frame for the TX ring; an answer held back
// until the batch ends (combined writes) takes a free frame. An answer larger than a UMEM frame
// (jumbo reads) leaves through the target's AF_PACKET socket instead.
#pragma once

#include "FrameTransport.h"

#include <xgw/Datapath.h>
#include <xgw/aoe/PacketSocket.h>

#include <memory>
#include <string>
#include <vector>

struct xsk_umem;
struct xsk_socket;

namespace xgw::aoe {

class XskTransport final : public FrameTransport {
  public:
    // Binds to (ifname, queue); mode is how XDP runs there (generic forces copy mode).
    static Result<std::unique_ptr<XskTransport>> open(const std::string& ifname, unsigned queue,
                                                      XdpMode mode,
                                                      std::shared_ptr<const PacketSocket> wide);
    ~XskTransport() override;
    XskTransport(const XskTransport&) = delete;
    XskTransport& operator=(const XskTransport&) = delete;

    int fd() const override;
    Result<std::size_t> serve(const FrameHandler& handler, const BatchEnd& end) override;
    // "copy" or "zero-copy", as the kernel bound the socket.
    const char* bind_mode() const { return zerocopy_ ? "zero-copy" : "copy"; }

  private:
    struct Rings;
    XskTransport();
    Result<void> create(const std::string& ifname, unsigned queue, XdpMode mode);
    void refill();
    void reap_completions();
    Result<void> kick_tx();
    // Answers one received frame; true when the answer went into the TX ring.
    Result<bool> answer(const FrameHandler& handler, std::uint64_t addr, std::uint32_t len);
    Result<bool> answer_held(std::span<const std::uint8_t> answer);
    // Copies an answer into the UMEM frame at base and puts it in the TX ring; false when full.
    bool place(std::uint64_t base, std::span<const std::uint8_t> answer);

    std::unique_ptr<Rings> rings_;
    void* area_ = nullptr;
    xsk_umem* umem_ = nullptr;
    xsk_socket* xsk_ = nullptr;
    bool zerocopy_ = false;
    std::vector<std::uint64_t> free_; // UMEM frames owned by user space, not in any ring
    std::vector<std::uint8_t> scratch_;
    std::shared_ptr<const PacketSocket> wide_;
};

} // namespace xgw::aoe
