// The protocol engine of xgw's AoE target: turns one request frame into its response in place,
// as vblade answers (ATA, Query Config, MAC Mask List, Reserve/Release). No sockets: the
// transports (AF_PACKET, AF_XDP) hand it frames, and unit tests can too.
#pragma once

#include <xgw/aoe/BlockStore.h>
#include <xgw/aoe/Identify.h>
#include <xgw/aoe/Wire.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace xgw::aoe {

struct ResponderCounters {
    std::uint64_t requests = 0;  // frames for this target that were handled
    std::uint64_t responses = 0;
    std::uint64_t errors = 0;    // responses with the error flag or ATA ERR status
    std::uint64_t ignored = 0;   // for us but refused: allow-list, malformed, config test
    std::uint64_t sectors_read = 0;
    std::uint64_t sectors_written = 0;
};

class Responder {
  public:
    Responder(Address address, MacAddress own_mac, BlockStore& store, std::uint16_t buffer_count,
              std::vector<MacAddress> masks, std::string serial);

    // Handles the frame (len bytes in a buffer of frame.size()); returns the response's length,
    // 0 when there is nothing to send. mtu bounds the sectors per frame.
    std::size_t handle(std::span<std::uint8_t> frame, std::size_t len, int mtu);

    Address address() const { return address_; }
    const std::vector<MacAddress>& masks() const { return masks_; }
    // True once after the MAC mask list changed through the protocol (steering must follow).
    bool take_masks_changed();
    const ResponderCounters& counters() const { return counters_; }
    static unsigned max_sectors(int mtu);

  private:
    struct Request {
        std::span<std::uint8_t> frame;
        std::size_t len;
        FrameLayout at;
        Header header;
    };
    std::size_t dispatch(Request& r, int mtu);
    std::size_t ata(Request& r, int mtu);
    std::size_t ata_rw(Request& r, AtaArgs& a, int mtu, std::uint8_t* data);
    std::size_t config(Request& r, int mtu);
    std::size_t mask(Request& r);
    std::size_t reserve(Request& r);
    bool allowed(const MacAddress& mac) const;
    bool reserved_for(const MacAddress& mac) const;

    Address address_;
    MacAddress own_mac_;
    BlockStore& store_;
    std::uint16_t buffer_count_;
    std::vector<MacAddress> masks_;
    std::vector<MacAddress> reserve_;
    std::string config_;
    std::array<std::uint8_t, 512> identify_;
    bool masks_changed_ = false;
    ResponderCounters counters_;
};

} // namespace xgw::aoe
