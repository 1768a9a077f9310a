#include <xgw/PacketRunner.h>

#include "bpf/Programs.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

namespace xgw {

PacketRunner::PacketRunner(std::unique_ptr<Programs> programs) : programs_(std::move(programs)) {}
PacketRunner::PacketRunner(PacketRunner&&) noexcept = default;
PacketRunner::~PacketRunner() = default;

Result<PacketRunner> PacketRunner::load(const PinPaths& paths, bool acct_only) {
    if (auto ok = ensure_bpffs(paths.root().parent_path()); !ok)
        return ok.error();
    auto programs = Programs::load(paths, acct_only);
    if (!programs)
        return programs.error();
    return PacketRunner(std::make_unique<Programs>(std::move(*programs)));
}

Result<RunResult> PacketRunner::run(Hook hook, std::span<const std::uint8_t> frame,
                                    std::uint32_t repeat, std::uint32_t ingress_ifindex,
                                    std::uint32_t came_in_on) const {
    RunResult r;
    // Room for programs that grow the frame (encapsulation, NAT64 later).
    r.frame_out.resize(frame.size() + 256);
    LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame.data(),
                .data_out = r.frame_out.data(), .data_size_in = static_cast<__u32>(frame.size()),
                .data_size_out = static_cast<__u32>(r.frame_out.size()), .repeat = static_cast<int>(repeat));
    xdp_md ctx{};
    __sk_buff skb_ctx{};
    int fd;
    opts.ctx_out = &skb_ctx;
    opts.ctx_size_out = sizeof(skb_ctx);
    if (hook == Hook::TcEgress && (ingress_ifindex != 1 || came_in_on)) {
        skb_ctx.ifindex = ingress_ifindex; // the interface the packet leaves by
        skb_ctx.ingress_ifindex = came_in_on;
        opts.ctx_in = &skb_ctx;
        opts.ctx_size_in = sizeof(skb_ctx);
    }
    if (hook == Hook::XdpIngress) {
        ctx.data_end = static_cast<__u32>(frame.size());
        ctx.ingress_ifindex = ingress_ifindex;
        opts.ctx_in = &ctx;
        opts.ctx_size_in = sizeof(ctx);
        opts.ctx_out = &ctx;
        opts.ctx_size_out = sizeof(ctx);
        fd = programs_->xdp_fd();
    } else {
        fd = hook == Hook::TcEgress ? programs_->tc_egress_fd() : programs_->tc_ingress_fd();
    }
    if (int err = bpf_prog_test_run_opts(fd, &opts); err)
        return Error::from_errno(err, "BPF_PROG_TEST_RUN");
    r.action = static_cast<int>(opts.retval);
    r.duration_ns = opts.duration;
    r.frame_out.resize(opts.data_size_out);
    if (hook == Hook::XdpIngress && ctx.data > 0 && ctx.data <= r.frame_out.size()) {
        // The output starts at the metadata; ctx.data is where the frame begins after it.
        r.meta.assign(r.frame_out.begin(), r.frame_out.begin() + ctx.data);
        r.frame_out.erase(r.frame_out.begin(), r.frame_out.begin() + ctx.data);
    }
    if (hook != Hook::XdpIngress)
        r.mark = skb_ctx.mark;
    return r;
}

Result<xgw_fw_walk> PacketRunner::dry_run(Hook hook, std::span<const std::uint8_t> frame,
                                          std::uint32_t ifindex) const {
    int walks = hook == Hook::XdpIngress ? programs_->xdp_fw_walks_fd()
                                         : programs_->tc_fw_walks_fd(); // tc's two share one
    int ncpus = libbpf_num_possible_cpus();
    if (ncpus <= 0)
        return Error::from_errno(ncpus, "count possible CPUs");
    // A sentinel on every CPU: the run happens on one of them, and that one changes.
    std::vector<xgw_fw_walk> per_cpu(ncpus);
    for (auto& w : per_cpu) {
        w = xgw_fw_walk{};
        w.dry_run = 1;
        w.verdict = -2;
    }
    std::uint32_t zero = 0;
    if (bpf_map_update_elem(walks, &zero, per_cpu.data(), BPF_ANY) != 0)
        return Error::from_errno(errno, "prepare the test run");
    if (auto ran = run(hook, frame, 1, ifindex); !ran)
        return ran.error();
    if (bpf_map_lookup_elem(walks, &zero, per_cpu.data()) != 0)
        return Error::from_errno(errno, "read the test run's walk");
    xgw_fw_walk out = per_cpu[0]; // verdict -2: the firewall did not classify it (no ruleset)
    for (const auto& w : per_cpu)
        if (w.verdict != -2)
            out = w;
    // Later runs of these programs count again.
    std::vector<xgw_fw_walk> counting(ncpus);
    if (bpf_map_update_elem(walks, &zero, counting.data(), BPF_ANY) != 0)
        return Error::from_errno(errno, "end the test run");
    return out;
}

} // namespace xgw
