// Runs frames through xgw's loaded programs with BPF_PROG_TEST_RUN: real verdicts and real
// counter updates, without an interface.
#pragma once

#include <xgw/Result.h>
#include <xgw/UniqueFd.h>
#include <xgw/bpf/PinPaths.h>

#include <xgw/abi/fw.h>

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace xgw {

class Programs;

enum class Hook { XdpIngress, TcEgress, TcIngress };

struct RunResult {
    int action = 0;              // XDP_* or TC_ACT_* as the program returned it
    std::uint32_t duration_ns = 0; // mean per run as the kernel measured it
    std::vector<std::uint8_t> frame_out;
    std::vector<std::uint8_t> meta; // XDP: the metadata left in front of the frame
    std::uint32_t mark = 0;         // tc: skb->mark after the run
};

class PacketRunner {
  public:
    // Loads the programs with their shared maps pinned (or reused) under paths; acct_only: as
    // an accounting-only interface gets them.
    static Result<PacketRunner> load(const PinPaths& paths, bool acct_only = false);
    // `xgw fw check`'s copy: the programs loaded check-only (they read the live maps and change
    // nothing), pinned under paths.check() by the first check after an attach and reused by
    // every later one, so a check costs a test run, not a program load.
    static Result<PacketRunner> open_check(const PinPaths& paths);
    PacketRunner(PacketRunner&&) noexcept;
    ~PacketRunner();

    // Runs the frame repeat times; XDP and tc ingress see it arrive on ingress_ifindex (which
    // must exist), tc egress sees it leave by that interface after coming in on came_in_on (0:
    // sent by this host).
    Result<RunResult> run(Hook hook, std::span<const std::uint8_t> frame, std::uint32_t repeat = 1,
                          std::uint32_t ingress_ifindex = 1, std::uint32_t came_in_on = 0) const;

    // Runs one frame without touching any counter or flow, and returns the firewall's walk:
    // which rule decided (XGW_FW_DEFAULT_RULE for the default) and its verdict; verdict -2
    // when the firewall did not classify the frame (no ruleset loaded).
    Result<xgw_fw_walk> dry_run(Hook hook, std::span<const std::uint8_t> frame,
                                std::uint32_t ifindex, std::uint32_t came_in_on = 0,
                                RunResult* ran = nullptr) const;

    // Check-only programs: the NAT counters the last run would have moved (bits of enum
    // xgw_nat_stat), cleared for the next run.
    Result<std::uint64_t> take_notes(Hook hook) const;

  private:
    // The programs' and their private maps' descriptors, in this order.
    enum Fd { Xdp, TcEgress, TcIngress, XdpWalks, TcWalks, XdpNotes, TcNotes, kFds };
    PacketRunner(std::unique_ptr<Programs> programs, std::vector<UniqueFd> fds);
    int fd(Fd which) const { return fds_[which].get(); }
    std::unique_ptr<Programs> programs_;
    std::vector<UniqueFd> fds_;
};

} // namespace xgw
