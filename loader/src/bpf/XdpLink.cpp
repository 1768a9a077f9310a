#include "XdpLink.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>

namespace xgw {

Result<XdpOccupant> query_xdp(int ifindex) {
    LIBBPF_OPTS(bpf_xdp_query_opts, q);
    if (int err = bpf_xdp_query(ifindex, 0, &q); err)
        return Error::from_errno(err, "query XDP state");
    XdpOccupant o;
    o.prog_id = q.prog_id;
    if (q.attach_mode == XDP_ATTACHED_DRV)
        o.mode = XdpMode::Native;
    else if (q.attach_mode == XDP_ATTACHED_SKB)
        o.mode = XdpMode::Generic;
    return o;
}

Result<void> remove_foreign_xdp(int ifindex, XdpMode mode) {
    __u32 flags = mode == XdpMode::Native ? XDP_FLAGS_DRV_MODE : XDP_FLAGS_SKB_MODE;
    if (int err = bpf_xdp_detach(ifindex, flags, nullptr); err) {
        Error e = Error::from_errno(err, "remove the other XDP program");
        if (e.sys_errno == EBUSY)
            e.message += " (it is held by a bpf_link; only its owner can remove it)";
        return e;
    }
    return {};
}

namespace {

Result<UniqueFd> link_xdp(int prog_fd, int ifindex, __u32 flags) {
    LIBBPF_OPTS(bpf_link_create_opts, opts, .flags = flags);
    int fd = bpf_link_create(prog_fd, ifindex, BPF_XDP, &opts);
    if (fd < 0)
        return Error::from_errno(fd, flags == XDP_FLAGS_DRV_MODE ? "attach XDP (native mode)"
                                                                  : "attach XDP (generic mode)");
    return UniqueFd(fd);
}

} // namespace

Result<XdpLink> XdpLink::create(int prog_fd, int ifindex, XdpMode mode, XdpMode* used) {
    if (mode != XdpMode::Generic) {
        auto native = link_xdp(prog_fd, ifindex, XDP_FLAGS_DRV_MODE);
        if (native || mode == XdpMode::Native) {
            if (!native)
                return native.error();
            *used = XdpMode::Native;
            return XdpLink(std::move(*native));
        }
    }
    auto generic = link_xdp(prog_fd, ifindex, XDP_FLAGS_SKB_MODE);
    if (!generic)
        return generic.error();
    *used = XdpMode::Generic;
    return XdpLink(std::move(*generic));
}

Result<XdpLink> XdpLink::open_pinned(const std::filesystem::path& pin) {
    int fd = bpf_obj_get(pin.c_str());
    if (fd < 0)
        return Error::from_errno(errno, "open pinned link " + pin.string());
    return XdpLink(UniqueFd(fd));
}

Result<void> XdpLink::pin(const std::filesystem::path& path) const {
    if (bpf_obj_pin(fd_.get(), path.c_str()) != 0)
        return Error::from_errno(errno, "pin " + path.string());
    return {};
}

Result<void> XdpLink::detach() const {
    if (bpf_link_detach(fd_.get()) != 0 && errno != ENOLINK && errno != EINVAL)
        return Error::from_errno(errno, "detach XDP link");
    return {};
}

namespace {

bpf_link_info link_info(int fd) {
    bpf_link_info info{};
    __u32 len = sizeof(info);
    if (bpf_obj_get_info_by_fd(fd, &info, &len) != 0)
        return bpf_link_info{};
    return info;
}

} // namespace

std::uint32_t XdpLink::ifindex() const { return link_info(fd_.get()).xdp.ifindex; }
std::uint32_t XdpLink::prog_id() const { return link_info(fd_.get()).prog_id; }

} // namespace xgw
