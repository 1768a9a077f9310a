#include <xgw/Netns.h>
#include <xgw/bpf/PinPaths.h>

#include <bpf/bpf.h>
#include <linux/magic.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>

namespace xgw {

Result<PinPaths> PinPaths::for_current_netns(const std::filesystem::path& base) {
    auto cookie = current_netns_cookie();
    if (!cookie)
        return cookie.error();
    return PinPaths(base / ("ns-" + std::to_string(*cookie)));
}

Result<UniqueFd> open_pinned_map(const PinPaths& paths, const std::string& name) {
    int fd = bpf_obj_get(paths.map(name).c_str());
    if (fd < 0)
        return Error::from_errno(errno, "open pinned map " + paths.map(name).string() +
                                            " (is xgw attached here? see 'xgw status')");
    return UniqueFd(fd);
}

namespace {

bool is_bpffs(const std::filesystem::path& p) {
    struct statfs st {};
    return ::statfs(p.c_str(), &st) == 0 && st.f_type == BPF_FS_MAGIC;
}

} // namespace

Result<void> ensure_bpffs(const std::filesystem::path& base) {
    const std::filesystem::path mountpoint = "/sys/fs/bpf";
    if (!is_bpffs(mountpoint)) {
        std::error_code ec;
        std::filesystem::create_directories(mountpoint, ec);
        if (::mount("bpf", mountpoint.c_str(), "bpf", 0, "mode=0700") != 0)
            return Error::from_errno(errno, "bpffs is not mounted at /sys/fs/bpf and mounting it failed");
    }
    std::error_code ec;
    std::filesystem::create_directories(base, ec);
    if (ec)
        return Error::from_errno(ec.value(), "create " + base.string());
    if (!is_bpffs(base))
        return make_error(Errc::Unsupported, base.string() + " is not on a bpffs");
    return {};
}

} // namespace xgw
