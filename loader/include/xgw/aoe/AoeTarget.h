// xgw's AoE target: a long-running server of one (shelf, slot) on one interface. Frames come
// through AF_XDP when XDP steering can deliver them there, and through AF_PACKET always (the
// safety net that catches whatever steering passes to the stack).
#pragma once

#include <xgw/Result.h>
#include <xgw/aoe/AoeSteering.h>
#include <xgw/aoe/BlockStore.h>
#include <xgw/aoe/Responder.h>
#include <xgw/aoe/Wire.h>
#include <xgw/bpf/PinPaths.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace xgw::aoe {

struct ExportOptions {
    Address address;
    std::string ifname;
    std::string path;
    StoreOptions store;
    std::vector<MacAddress> masks; // vblade's -m: empty admits every initiator
    std::uint16_t buffer_count = 16;
    bool xdp = true;   // try AF_XDP (needs xgw attached to the interface)
    unsigned queue = 0; // the rx queue the AF_XDP socket binds to
};

enum class Transport { Packet, Xsk };

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
    // Why AF_XDP is not in use, when it is not.
    const std::string& fallback_reason() const { return fallback_reason_; }
    std::uint64_t sectors() const { return store_->sectors(); }
    const ResponderCounters& counters() const { return responder_->counters(); }

    // True when the namespace's steering table and registry know the target.
    bool registered() const { return steering_ != nullptr; }

  private:
    AoeTarget() = default;
    Result<void> serve_ready(int mtu);
    void register_self(const PinPaths& paths);
    Result<void> steer() const;
    void publish_counters() const;
    void unregister();

    ExportOptions options_;
    std::unique_ptr<BlockStore> store_;
    std::unique_ptr<Responder> responder_;
    std::vector<std::unique_ptr<FrameTransport>> transports_;
    Transport transport_ = Transport::Packet;
    std::string fallback_reason_;
    int ifindex_ = 0;
    std::unique_ptr<AoeSteering> steering_;
    xgw_aoe_export record_{};
};

} // namespace xgw::aoe
