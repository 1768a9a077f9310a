// The protocol engine of xgw's AoE target: turns one request frame into its response in place,
// as vblade answers (ATA, Query Config, MAC Mask List, Reserve/Release). No sockets: the
// transports (AF_PACKET, AF_XDP) hand it frames, and unit tests can too.
#pragma once

#include <xgw/aoe/BlockStore.h>
#include <xgw/aoe/Identify.h>
#include <xgw/aoe/Wire.h>

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
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
    // A write's answer is held back (handle returns 0) until settle(): consecutive writes of a
    // batch go to the store in one system call, and a failed write still answers with an error.
    std::size_t handle(std::span<std::uint8_t> frame, std::size_t len, int mtu);
    // Writes what the batch staged and passes every held answer to send; the transports call it
    // once per batch, before they send the batch's answers.
    void settle(const std::function<void(std::span<const std::uint8_t>)>& send);

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
    // A write answer waiting for its run: the answer's bytes, where its ATA arguments lie, and
    // the request's arguments (to answer with an error if the run fails).
    struct Held {
        std::array<std::uint8_t, 64> answer;
        std::size_t len;
        std::size_t ata_off;
        AtaArgs request;
    };
    void hold(std::span<const std::uint8_t> answer, std::size_t ata_off);
    void commit_run();
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
    std::vector<Held> held_;
    std::size_t run_held_ = 0;        // the last entries of held_, waiting for the store's run
    std::optional<AtaArgs> staged_;   // set by ata_rw when the request's answer must be held
    ResponderCounters counters_;
};

} // namespace xgw::aoe
