#include <xgw/PacketRunner.h>

#include "bpf/Programs.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>

namespace xgw {

namespace fs = std::filesystem;

namespace {

// The pin names of the check copy's descriptors, in PacketRunner::Fd order.
constexpr const char* kCheckPins[] = {"xdp",       "tc_egress", "tc_ingress", "xdp_walks",
                                      "tc_walks", "xdp_notes", "tc_notes"};

// Duplicates of the loaded programs' descriptors, in PacketRunner::Fd order.
Result<std::vector<UniqueFd>> program_fds(const Programs& p) {
    const int raw[] = {p.xdp_fd(),          p.tc_egress_fd(),      p.tc_ingress_fd(),
                       p.xdp_fw_walks_fd(), p.tc_fw_walks_fd(),    p.xdp_check_notes_fd(),
                       p.tc_check_notes_fd()};
    std::vector<UniqueFd> out;
    for (int fd : raw) {
        int dup = fcntl(fd, F_DUPFD_CLOEXEC, 3);
        if (dup < 0)
            return Error::from_errno(errno, "duplicate a program descriptor");
        out.emplace_back(dup);
    }
    return out;
}

// Pins the check copy in a directory of its own, then renames it into place: a concurrent
// check that pinned first wins, and this one just uses what it loaded. No dot in the name:
// bpffs refuses every name that has one (EPERM), and the copy would be loaded by every check.
void pin_check(const PinPaths& paths, const std::vector<UniqueFd>& fds) {
    const fs::path tmp = paths.root() / ("check_tmp_" + std::to_string(getpid()));
    std::error_code ec;
    fs::remove_all(tmp, ec);
    fs::create_directories(tmp, ec);
    bool ok = !ec;
    for (std::size_t i = 0; ok && i < fds.size(); i++)
        ok = bpf_obj_pin(fds[i].get(), (tmp / kCheckPins[i]).c_str()) == 0;
    if (ok)
        fs::rename(tmp, paths.check(), ec);
    fs::remove_all(tmp, ec);
}

} // namespace

PacketRunner::PacketRunner(std::unique_ptr<Programs> programs, std::vector<UniqueFd> fds)
    : programs_(std::move(programs)), fds_(std::move(fds)) {}
PacketRunner::PacketRunner(PacketRunner&&) noexcept = default;
PacketRunner::~PacketRunner() = default;

Result<PacketRunner> PacketRunner::load(const PinPaths& paths, bool acct_only) {
    if (auto ok = ensure_bpffs(paths.root().parent_path()); !ok)
        return ok.error();
    auto programs = Programs::load(paths, acct_only);
    if (!programs)
        return programs.error();
    auto fds = program_fds(*programs);
    if (!fds)
        return fds.error();
    return PacketRunner(std::make_unique<Programs>(std::move(*programs)), std::move(*fds));
}

Result<PacketRunner> PacketRunner::open_check(const PinPaths& paths) {
    std::vector<UniqueFd> fds;
    for (const char* name : kCheckPins) {
        int fd = bpf_obj_get((paths.check() / name).c_str());
        if (fd < 0)
            break;
        fds.emplace_back(fd);
    }
    if (fds.size() == kFds)
        return PacketRunner(nullptr, std::move(fds));
    // The first check since the programs were attached: load the copy once, for every check.
    auto programs = Programs::load(paths, false, {}, true);
    if (!programs)
        return programs.error();
    auto loaded = program_fds(*programs);
    if (!loaded)
        return loaded.error();
    pin_check(paths, *loaded);
    return PacketRunner(std::make_unique<Programs>(std::move(*programs)), std::move(*loaded));
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
        fd = this->fd(Xdp);
    } else {
        fd = this->fd(hook == Hook::TcEgress ? TcEgress : TcIngress);
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
                                          std::uint32_t ifindex, std::uint32_t came_in_on,
                                          RunResult* ran) const {
    int walks = fd(hook == Hook::XdpIngress ? XdpWalks : TcWalks); // tc's two share one
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
    auto result = run(hook, frame, 1, ifindex, came_in_on);
    if (!result)
        return result.error();
    if (ran)
        *ran = std::move(*result);
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

Result<std::uint64_t> PacketRunner::take_notes(Hook hook) const {
    int notes = fd(hook == Hook::XdpIngress ? XdpNotes : TcNotes);
    int ncpus = libbpf_num_possible_cpus();
    if (ncpus <= 0)
        return Error::from_errno(ncpus, "count possible CPUs");
    std::vector<std::uint64_t> per_cpu(ncpus);
    std::uint32_t zero = 0;
    if (bpf_map_lookup_elem(notes, &zero, per_cpu.data()) != 0)
        return Error::from_errno(errno, "read the check's notes");
    std::uint64_t all = 0;
    for (auto n : per_cpu)
        all |= n;
    std::vector<std::uint64_t> cleared(ncpus);
    if (bpf_map_update_elem(notes, &zero, cleared.data(), BPF_ANY) != 0)
        return Error::from_errno(errno, "clear the check's notes");
    return all;
}

} // namespace xgw
