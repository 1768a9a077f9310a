// xgw's AoE target: a long-running server of one (shelf, slot) on one interface. Frames come
// through AF_XDP when XDP steering can deliver them there, and through AF_PACKET always (the
// safety net that catches whatever steering passes to the stack).
#pragma once

#include <xgw/Datapath.h>
#include <xgw/Result.h>
#include <xgw/aoe/AoeSteering.h>
#include <xgw/aoe/BlockStore.h>
#include <xgw/aoe/PacketSocket.h>
#include <xgw/aoe/Responder.h>
#include <xgw/aoe/Wire.h>
#include <xgw/bpf/PinPaths.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace xgw::aoe {

enum class Transport { Packet, Xsk };
// Auto: AF_XDP where steering can fill it, else AF_PACKET with the reason; Xsk: AF_XDP or fail.
enum class TransportChoice { Auto, Xsk, Packet };

struct ExportOptions {
    Address address;
    std::string ifname;
    std::string path;
    StoreOptions store;
    std::vector<MacAddress> masks; // vblade's -m: empty admits every initiator
    std::uint16_t buffer_count = 16;
    TransportChoice transport = TransportChoice::Auto;
    unsigned queue = 0; // the rx queue the AF_XDP socket binds to
};

class FrameTransport;

class AoeTarget {
  public:
    // Opens the store and sockets and registers the target; paths is the namespace's pin state.
    static Result<AoeTarget> open(const ExportOptions& options, const PinPaths& paths);
    AoeTarget(AoeTarget&&) noexcept;
    ~AoeTarget();

    // Serves until stop is set (a signal handler may set it); then unsteers and unregisters.
    Result<void> run(const std::atomic<bool>& stop);

    Transport transport() const { return transport_; }
    // How AF_XDP runs ("copy mode, XDP generic"), when it does.
    const std::string& xsk_mode() const { return xsk_mode_; }
    // Why AF_XDP is not in use, when it is not.
    const std::string& fallback_reason() const { return fallback_reason_; }
    std::uint64_t sectors() const { return store_->sectors(); }
    const ResponderCounters& counters() const { return responder_->counters(); }

    // True when the namespace's steering table and registry know the target.
    bool registered() const { return steering_ != nullptr; }

  private:
    AoeTarget() = default;
    Result<void> serve_ready();
    Result<void> open_xsk();
    Result<void> check_xgw_xdp(XdpMode* mode) const;
    void register_self(const PinPaths& paths);
    Result<void> join_state();
    void follow_state();
    Result<void> steer();
    void publish_counters() const;
    void unsteer();
    void unregister();

    ExportOptions options_;
    std::unique_ptr<BlockStore> store_;
    std::unique_ptr<Responder> responder_;
    std::shared_ptr<const PacketSocket> socket_;
    std::vector<std::unique_ptr<FrameTransport>> transports_;
    Transport transport_ = Transport::Packet;
    int xsk_fd_ = -1; // owned by its transport in transports_
    std::uint32_t xsk_slot_ = 0;
    std::string xsk_mode_;
    std::string fallback_reason_;
    int ifindex_ = 0;
    int mtu_ = 0; // the interface's, re-read once a second and whenever a frame outgrew it
    PinPaths paths_{std::filesystem::path()};
    std::unique_ptr<AoeSteering> steering_; // the pinned state it is registered in, if any
    xgw_aoe_export record_{};
};

} // namespace xgw::aoe
