#include <xgw/bpf/PinnedIdentity.h>

#include <bpf/bpf.h>

namespace xgw {

bool is_pinned_map(int fd, const PinPaths& paths, const std::string& name) {
    auto pinned = open_pinned_map(paths, name);
    if (!pinned)
        return false;
    bpf_map_info ours{}, theirs{};
    __u32 len = sizeof ours;
    if (bpf_obj_get_info_by_fd(fd, &ours, &len) != 0)
        return false;
    len = sizeof theirs;
    if (bpf_obj_get_info_by_fd(pinned->get(), &theirs, &len) != 0)
        return false;
    return ours.id == theirs.id;
}

} // namespace xgw
