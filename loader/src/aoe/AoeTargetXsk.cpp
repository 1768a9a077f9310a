// Whether a target can take its frames from an AF_XDP socket: steering must exist in this
// namespace and xgw's own XDP program must run on the interface to fill the socket.
#include <xgw/aoe/AoeTarget.h>

#include "XskTransport.h"
#include "bpf/XdpLink.h"

#include <bpf/bpf.h>

#include <cstring>

namespace xgw::aoe {
namespace {

constexpr const char* kXgwXdpProg = "xgw_xdp";

} // namespace

Result<void> AoeTarget::check_xgw_xdp(XdpMode* mode) const {
    const std::string& ifname = options_.ifname;
    if (!steering_)
        return make_error(Errc::NotFound,
                          "xgw is not attached in this network namespace, so no XDP "
                          "program steers frames to an AF_XDP socket (xgw attach " +
                              ifname + ")");
    auto occupant = query_xdp(ifindex_);
    if (!occupant)
        return occupant.error();
    if (occupant->prog_id == 0)
        return make_error(Errc::NotFound,
                          "no XDP program runs on " + ifname + " (xgw attach " + ifname + ")");
    UniqueFd prog(bpf_prog_get_fd_by_id(occupant->prog_id));
    bpf_prog_info info{};
    __u32 len = sizeof(info);
    if (!prog || bpf_obj_get_info_by_fd(prog.get(), &info, &len) != 0)
        return Error::from_errno(errno, "read the XDP program on " + ifname);
    if (std::strncmp(info.name, kXgwXdpProg, sizeof(info.name)) != 0)
        return make_error(Errc::Conflict, "the XDP program on " + ifname + " is " + info.name +
                                              ", not xgw's: nothing would fill an AF_XDP socket");
    *mode = occupant->mode;
    return {};
}

Result<void> AoeTarget::open_xsk() {
    XdpMode mode = XdpMode::Auto;
    if (auto ok = check_xgw_xdp(&mode); !ok)
        return ok;
    auto xsk = XskTransport::open(options_.ifname, options_.queue, mode, socket_);
    if (!xsk)
        return xsk.error().prefix("XDP runs in " + std::string(to_string(mode)) + " mode");
    xsk_mode_ = std::string((*xsk)->bind_mode()) + " mode, XDP " + std::string(to_string(mode)) +
                ", queue " + std::to_string(options_.queue);
    xsk_fd_ = (*xsk)->fd();
    transports_.insert(transports_.begin(), std::move(*xsk));
    transport_ = Transport::Xsk;
    return {};
}

} // namespace xgw::aoe
