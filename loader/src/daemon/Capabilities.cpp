#include <xgw/daemon/Capabilities.h>

#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

namespace xgw::daemon {

namespace {

// The highest capability this kernel knows; newer than our headers is possible.
int last_capability() {
    std::ifstream in("/proc/sys/kernel/cap_last_cap");
    int n = CAP_LAST_CAP;
    in >> n;
    return n;
}

const char* capability_name(int cap) {
    switch (cap) {
    case CAP_NET_ADMIN:
        return "cap_net_admin";
    case CAP_NET_RAW:
        return "cap_net_raw";
    case CAP_SYS_ADMIN:
        return "cap_sys_admin";
    case CAP_PERFMON:
        return "cap_perfmon";
    case CAP_BPF:
        return "cap_bpf";
    }
    return nullptr;
}

struct CapSets {
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3]{};
};

Result<CapSets> read_sets() {
    CapSets s;
    if (::syscall(SYS_capget, &s.header, s.data) != 0)
        return Error::from_errno(errno, "read capabilities");
    return s;
}

} // namespace

Result<void> keep_only_capabilities(const std::vector<int>& keep) {
    auto kept = [&](int cap) { return std::find(keep.begin(), keep.end(), cap) != keep.end(); };
    // The bounding set first: dropping from it needs CAP_SETPCAP, which goes last.
    for (int cap = 0; cap <= last_capability(); cap++)
        if (!kept(cap) && ::prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL)
            return Error::from_errno(errno, "drop capability " + std::to_string(cap));
    if (::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL)
        return Error::from_errno(errno, "clear the ambient capabilities");
    CapSets s;
    for (int cap : keep) {
        s.data[cap / 32].effective |= 1u << (cap % 32);
        s.data[cap / 32].permitted |= 1u << (cap % 32);
    }
    if (::syscall(SYS_capset, &s.header, s.data) != 0)
        return Error::from_errno(errno, "set capabilities");
    return {};
}

std::vector<std::string> effective_capabilities() {
    std::vector<std::string> out;
    auto s = read_sets();
    if (!s)
        return out;
    for (int cap = 0; cap < 64; cap++)
        if (s->data[cap / 32].effective & (1u << (cap % 32))) {
            const char* name = capability_name(cap);
            out.push_back(name ? name : "cap_" + std::to_string(cap));
        }
    return out;
}

} // namespace xgw::daemon
