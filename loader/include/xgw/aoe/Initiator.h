// A user-space AoE initiator: discovery, IDENTIFY, and windowed sector reads and writes with
// retransmission. The kernel here has no aoe driver; this is what the tools and tests speak.
#pragma once

#include <xgw/Result.h>
#include <xgw/aoe/Identify.h>
#include <xgw/aoe/PacketSocket.h>
#include <xgw/aoe/Wire.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace xgw::aoe {

struct TargetInfo {
    Address address;
    MacAddress mac;
    std::uint16_t buffer_count = 0;
    std::uint16_t firmware = 0;
    std::uint8_t sectors_per_frame = 0;
    std::string config;
};

// Sectors to move in one ATA request; data holds count * 512 bytes.
struct IoRequest {
    std::uint64_t lba = 0;
    unsigned count = 0;
    std::uint8_t* data = nullptr;
};

struct InitiatorOptions {
    int timeout_ms = 200; // before a request is sent again
    int retries = 10;
    unsigned window = 0;            // requests in flight; 0: the target's buffer count
    unsigned sectors_per_frame = 0; // 0: as many as the target and the MTU allow
    bool lba28 = false;             // READ/WRITE SECTORS instead of the EXT commands
};

class Initiator {
  public:
    static Result<Initiator> open(const std::string& ifname, InitiatorOptions options = {});

    // Broadcasts Query Config to address (wildcards allowed); collects answers for wait_ms.
    Result<std::vector<TargetInfo>> discover(Address address, int wait_ms);
    // The one target at address (no wildcards).
    Result<TargetInfo> find(Address address);
    Result<Identity> identify(const TargetInfo& target);
    Result<void> read(const TargetInfo& target, std::uint64_t lba, std::span<std::uint8_t> out);
    Result<void> write(const TargetInfo& target, std::uint64_t lba,
                       std::span<const std::uint8_t> data);
    Result<void> flush(const TargetInfo& target);
    // Runs the requests with up to window in flight; each must fit one frame (see frame_sectors).
    Result<void> io(const TargetInfo& target, std::span<const IoRequest> requests, bool write);
    // Sectors one request may carry to this target.
    unsigned frame_sectors(const TargetInfo& target) const;
    // Sends one request (headers filled in here) and returns the response frame.
    Result<std::vector<std::uint8_t>> exchange(const TargetInfo& target, std::uint8_t command,
                                               std::span<const std::uint8_t> args);

    const PacketSocket& socket() const { return socket_; }
    // Windowed requests sent again because no answer came in time, since open.
    std::uint64_t retransmits() const { return retransmits_; }

  private:
    class Window;
    Initiator(PacketSocket socket, InitiatorOptions options, int mtu);
    Result<void> transfer(const TargetInfo& target, std::uint64_t lba, std::uint8_t* data,
                          std::size_t sectors, bool write);

    PacketSocket socket_;
    InitiatorOptions options_;
    int mtu_;
    std::uint32_t next_tag_;
    std::uint64_t retransmits_ = 0;
};

std::string describe_aoe_error(std::uint8_t error);

} // namespace xgw::aoe
