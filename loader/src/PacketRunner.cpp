#include <xgw/PacketRunner.h>

#include "bpf/Programs.h"

#include <bpf/bpf.h>
#include <linux/bpf.h>

namespace xgw {

PacketRunner::PacketRunner(std::unique_ptr<Programs> programs) : programs_(std::move(programs)) {}
PacketRunner::PacketRunner(PacketRunner&&) noexcept = default;
PacketRunner::~PacketRunner() = default;

Result<PacketRunner> PacketRunner::load(const PinPaths& paths) {
    if (auto ok = ensure_bpffs(paths.root().parent_path()); !ok)
        return ok.error();
    auto programs = Programs::load(paths);
    if (!programs)
        return programs.error();
    return PacketRunner(std::make_unique<Programs>(std::move(*programs)));
}

Result<RunResult> PacketRunner::run(Hook hook, std::span<const std::uint8_t> frame,
                                    std::uint32_t repeat, std::uint32_t ingress_ifindex) const {
    RunResult r;
    // Room for programs that grow the frame (encapsulation, NAT64 later).
    r.frame_out.resize(frame.size() + 256);
    LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame.data(),
                .data_out = r.frame_out.data(), .data_size_in = static_cast<__u32>(frame.size()),
                .data_size_out = static_cast<__u32>(r.frame_out.size()), .repeat = static_cast<int>(repeat));
    xdp_md ctx{};
    int fd;
    if (hook == Hook::XdpIngress) {
        ctx.data_end = static_cast<__u32>(frame.size());
        ctx.ingress_ifindex = ingress_ifindex;
        opts.ctx_in = &ctx;
        opts.ctx_size_in = sizeof(ctx);
        fd = programs_->xdp_fd();
    } else {
        fd = programs_->tc_egress_fd();
    }
    if (int err = bpf_prog_test_run_opts(fd, &opts); err)
        return Error::from_errno(err, "BPF_PROG_TEST_RUN");
    r.action = static_cast<int>(opts.retval);
    r.duration_ns = opts.duration;
    r.frame_out.resize(opts.data_size_out);
    return r;
}

} // namespace xgw
