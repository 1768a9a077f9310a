#include "TcFilter.h"

#include <bpf/libbpf.h>

namespace xgw {

namespace {

constexpr auto kBoth = static_cast<bpf_tc_attach_point>(BPF_TC_INGRESS | BPF_TC_EGRESS);

int attach_one(int ifindex, bpf_tc_attach_point point, int prog_fd) {
    LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = point);
    LIBBPF_OPTS(bpf_tc_opts, opts, .prog_fd = prog_fd, .flags = BPF_TC_F_REPLACE,
                .handle = kTcHandle, .priority = kTcPriority);
    return bpf_tc_attach(&hook, &opts);
}

int detach_one(int ifindex, bpf_tc_attach_point point) {
    LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = point);
    LIBBPF_OPTS(bpf_tc_opts, opts, .handle = kTcHandle, .priority = kTcPriority);
    int err = bpf_tc_detach(&hook, &opts);
    return err == -ENOENT || err == -ENODEV || err == -EINVAL ? 0 : err;
}

} // namespace

Result<TcAttachment> attach_tc(int ifindex, int egress_fd, int ingress_fd) {
    TcAttachment a;
    LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = BPF_TC_EGRESS);
    int err = bpf_tc_hook_create(&hook);
    if (err && err != -EEXIST)
        return Error::from_errno(err, "create clsact qdisc");
    a.created_qdisc = err == 0;
    const char* what = "attach tc egress filter";
    if (!(err = attach_one(ifindex, BPF_TC_EGRESS, egress_fd))) {
        what = "attach tc ingress filter";
        if ((err = attach_one(ifindex, BPF_TC_INGRESS, ingress_fd)))
            (void)detach_one(ifindex, BPF_TC_EGRESS);
    }
    if (err) {
        if (a.created_qdisc) {
            hook.attach_point = kBoth;
            bpf_tc_hook_destroy(&hook);
        }
        return Error::from_errno(err, what);
    }
    return a;
}

Result<void> detach_tc(int ifindex, bool remove_qdisc) {
    if (int err = detach_one(ifindex, BPF_TC_EGRESS))
        return Error::from_errno(err, "detach tc egress filter");
    if (int err = detach_one(ifindex, BPF_TC_INGRESS))
        return Error::from_errno(err, "detach tc ingress filter");
    if (remove_qdisc) {
        LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = kBoth);
        int err = bpf_tc_hook_destroy(&hook);
        if (err && err != -ENOENT && err != -ENODEV && err != -EINVAL)
            return Error::from_errno(err, "remove clsact qdisc");
    }
    return {};
}

} // namespace xgw
