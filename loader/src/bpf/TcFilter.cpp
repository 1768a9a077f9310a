#include "TcFilter.h"

#include <bpf/libbpf.h>

namespace xgw {

Result<TcAttachment> attach_tc_egress(int ifindex, int prog_fd) {
    TcAttachment a;
    LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = BPF_TC_EGRESS);
    int err = bpf_tc_hook_create(&hook);
    if (err && err != -EEXIST)
        return Error::from_errno(err, "create clsact qdisc");
    a.created_qdisc = err == 0;
    LIBBPF_OPTS(bpf_tc_opts, opts, .prog_fd = prog_fd, .flags = BPF_TC_F_REPLACE,
                .handle = kTcHandle, .priority = kTcPriority);
    if ((err = bpf_tc_attach(&hook, &opts))) {
        if (a.created_qdisc) {
            hook.attach_point = static_cast<bpf_tc_attach_point>(BPF_TC_INGRESS | BPF_TC_EGRESS);
            bpf_tc_hook_destroy(&hook);
        }
        return Error::from_errno(err, "attach tc egress filter");
    }
    return a;
}

Result<void> detach_tc_egress(int ifindex, bool remove_qdisc) {
    LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = BPF_TC_EGRESS);
    LIBBPF_OPTS(bpf_tc_opts, opts, .handle = kTcHandle, .priority = kTcPriority);
    int err = bpf_tc_detach(&hook, &opts);
    if (err && err != -ENOENT && err != -ENODEV && err != -EINVAL)
        return Error::from_errno(err, "detach tc egress filter");
    if (remove_qdisc) {
        hook.attach_point = static_cast<bpf_tc_attach_point>(BPF_TC_INGRESS | BPF_TC_EGRESS);
        err = bpf_tc_hook_destroy(&hook);
        if (err && err != -ENOENT && err != -ENODEV && err != -EINVAL)
            return Error::from_errno(err, "remove clsact qdisc");
    }
    return {};
}

} // namespace xgw
