#include <xgw/bpf/TypedMap.h>

namespace xgw {

Result<void> check_map_layout(int fd, const std::string& name, size_t key_size, size_t value_size) {
    bpf_map_info info{};
    __u32 len = sizeof(info);
    if (bpf_obj_get_info_by_fd(fd, &info, &len) != 0)
        return Error::from_errno(errno, "inspect map " + name);
    if (info.key_size != key_size || info.value_size != value_size)
        return make_error(Errc::Conflict,
                          "map " + name + " has key/value size " + std::to_string(info.key_size) +
                              "/" + std::to_string(info.value_size) + ", this xgw expects " +
                              std::to_string(key_size) + "/" + std::to_string(value_size) +
                              " (pinned by an incompatible xgw version?)");
    return {};
}

Result<std::uint32_t> map_max_entries(int fd) {
    bpf_map_info info{};
    __u32 len = sizeof(info);
    if (bpf_obj_get_info_by_fd(fd, &info, &len) != 0)
        return Error::from_errno(errno, "inspect map");
    return info.max_entries;
}

Result<std::uint32_t> map_entry_count(int fd) {
    bpf_map_info info{};
    __u32 len = sizeof(info);
    if (bpf_obj_get_info_by_fd(fd, &info, &len) != 0)
        return Error::from_errno(errno, "inspect map");
    std::vector<std::uint8_t> key(info.key_size), next(info.key_size);
    std::uint32_t n = 0;
    for (const void* prev = nullptr; bpf_map_get_next_key(fd, prev, next.data()) == 0; n++) {
        key.swap(next);
        prev = key.data();
    }
    return n;
}

} // namespace xgw
