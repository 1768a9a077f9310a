#include <xgw/Privileges.h>

#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef CAP_BPF
#define CAP_BPF 39
#endif

namespace xgw {

namespace {

bool has_cap(const __user_cap_data_struct (&data)[2], int cap) {
    return data[cap / 32].effective & (1u << (cap % 32));
}

} // namespace

Result<void> check_privileges() {
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[2]{};
    if (::syscall(SYS_capget, &header, data) != 0)
        return Error::from_errno(errno, "read capabilities");
    if (has_cap(data, CAP_SYS_ADMIN) || (has_cap(data, CAP_BPF) && has_cap(data, CAP_NET_ADMIN)))
        return {};
    return make_error(Errc::Permission,
                      "xgw needs root (CAP_SYS_ADMIN, or CAP_BPF with CAP_NET_ADMIN) to reach the "
                      "kernel's BPF state");
}

} // namespace xgw
