#include <xgw/fw/FirewallReplies.h>

#include <xgw/bpf/TypedMap.h>

namespace xgw::fw {

Result<std::array<std::uint64_t, XGW_FW_REPLY__MAX>> FirewallReplies::read(const PinPaths& paths) {
    auto fd = open_pinned_map(paths, "xgw_fw_replies");
    if (!fd)
        return fd.error();
    return sum_counters<XGW_FW_REPLY__MAX>(fd->get(), "xgw_fw_replies");
}

std::vector<std::string> FirewallReplies::names() {
    return {
#define XGW_FW_REPLY_NAME(id, name) name,
        XGW_FW_REPLY_STATS(XGW_FW_REPLY_NAME)
#undef XGW_FW_REPLY_NAME
    };
}

} // namespace xgw::fw
