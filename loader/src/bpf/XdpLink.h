// XDP attachment through a bpf_link, which outlives the CLI once pinned.
#pragma once

#include <xgw/Datapath.h>
#include <xgw/Result.h>
#include <xgw/UniqueFd.h>

#include <cstdint>
#include <filesystem>

namespace xgw {

// Whoever has XDP on the interface now (0 when nobody).
struct XdpOccupant {
    std::uint32_t prog_id = 0;
    XdpMode mode = XdpMode::Auto;
};
Result<XdpOccupant> query_xdp(int ifindex);

// Removes another program's netlink XDP attachment.
Result<void> remove_foreign_xdp(int ifindex, XdpMode mode);

class XdpLink {
  public:
    // mode Auto tries native first; *fell_back tells whether generic was used instead.
    static Result<XdpLink> create(int prog_fd, int ifindex, XdpMode mode, XdpMode* used);
    static Result<XdpLink> open_pinned(const std::filesystem::path& pin);

    Result<void> pin(const std::filesystem::path& path) const;
    // Takes the program off the interface now, whoever else still holds the link.
    Result<void> detach() const;
    // The interface the link is attached to; 0 once the interface is gone.
    std::uint32_t ifindex() const;
    std::uint32_t prog_id() const;

  private:
    explicit XdpLink(UniqueFd fd) : fd_(std::move(fd)) {}
    UniqueFd fd_;
};

} // namespace xgw
