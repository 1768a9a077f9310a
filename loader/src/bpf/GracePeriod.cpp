#include <xgw/UniqueFd.h>
#include <xgw/bpf/GracePeriod.h>

#include <bpf/bpf.h>

namespace xgw {

// The kernel waits for an RCU grace period (synchronize_rcu) before a syscall that updates a
// map-in-map returns, so that user space knows no program still uses the old inner map; a
// throw-away map-in-map borrows that wait.
Result<void> wait_for_running_programs() {
    UniqueFd inner(bpf_map_create(BPF_MAP_TYPE_ARRAY, "xgw_gp_inner", 4, 4, 1, nullptr));
    if (!inner)
        return Error::from_errno(errno, "create grace-period inner map");
    LIBBPF_OPTS(bpf_map_create_opts, opts, .inner_map_fd = static_cast<__u32>(inner.get()));
    UniqueFd outer(bpf_map_create(BPF_MAP_TYPE_ARRAY_OF_MAPS, "xgw_gp", 4, 4, 1, &opts));
    if (!outer)
        return Error::from_errno(errno, "create grace-period map");
    __u32 key = 0, value = static_cast<__u32>(inner.get());
    if (bpf_map_update_elem(outer.get(), &key, &value, BPF_ANY) != 0)
        return Error::from_errno(errno, "wait for running BPF programs");
    return {};
}

} // namespace xgw
