// An AF_PACKET socket for AoE frames on one interface: what vblade uses, and what xgw's initiator
// and target use wherever AF_XDP is not available.
#pragma once

#include <xgw/Result.h>
#include <xgw/UniqueFd.h>
#include <xgw/aoe/MacAddress.h>

#include <linux/filter.h>

#include <cstdint>
#include <span>
#include <string>

namespace xgw::aoe {

class PacketSocket {
  public:
    static Result<PacketSocket> open(const std::string& ifname);

    int fd() const { return fd_.get(); }
    int ifindex() const { return ifindex_; }
    const std::string& ifname() const { return ifname_; }
    const MacAddress& mac() const { return mac_; }
    // The interface's MTU now (it may change while a target runs).
    Result<int> mtu() const;
    // Lets the kernel queue only the frames `program` accepts (SocketFilter.h); the rest never
    // wake the owner.
    Result<void> attach_filter(std::span<const sock_filter> program) const;

    Result<void> send(std::span<const std::uint8_t> frame) const;
    // Sends every frame, batched into as few system calls as the kernel allows. Frames longer
    // than the MTU are skipped and the rest sent; then the error has sys_errno EMSGSIZE.
    Result<void> send_all(std::span<const std::span<const std::uint8_t>> frames) const;
    // Waits up to timeout_ms (-1: forever) for one frame; 0 bytes on timeout or EINTR.
    Result<std::size_t> receive(std::span<std::uint8_t> buf, int timeout_ms) const;
    // Waits up to timeout_ms for a frame to be queued; false on timeout or EINTR.
    Result<bool> wait_readable(int timeout_ms) const;
    // Takes the frames already queued, up to bufs.size(), without waiting; lens gets their sizes.
    Result<std::size_t> receive_queued(std::span<std::span<std::uint8_t>> bufs,
                                       std::span<std::size_t> lens) const;

  private:
    PacketSocket(UniqueFd fd, int ifindex, std::string ifname, MacAddress mac)
        : fd_(std::move(fd)), ifindex_(ifindex), ifname_(std::move(ifname)), mac_(mac) {}
    UniqueFd fd_;
    int ifindex_;
    std::string ifname_;
    MacAddress mac_;
};

} // namespace xgw::aoe
