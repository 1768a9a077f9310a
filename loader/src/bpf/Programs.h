// xgw's BPF programs, loaded with their shared maps pinned (or reused) under a PinPaths.
#pragma once

#include <xgw/Datapath.h>
#include <xgw/Result.h>
#include <xgw/bpf/KernelFeatures.h>
#include <xgw/bpf/PinPaths.h>

#include <cstdint>
#include <memory>
#include <optional>

struct xgw_xdp;
struct xgw_tc;

namespace xgw {


class Programs {
  public:
    // acct_only: programs that count and pass every packet (an accounting-only interface);
    // check_only: programs that change nothing (`xgw fw check`'s copy); l3_link: for an
    // interface whose packets start with their IP header (tun, ppp).
    // A size that differs from a pinned table's is a conflict: a table cannot be resized.
    static Result<Programs> load(const PinPaths& paths, bool acct_only = false,
                                 const TableSizes& sizes = {}, bool check_only = false,
                                 bool l3_link = false);
    Programs(Programs&&) noexcept;
    ~Programs();

    // Whether these programs use the maps pinned under paths now (a state removed and made
    // again has new maps) and were loaded for this kind of attachment.
    bool fits(const PinPaths& paths, bool acct_only, bool l3_link) const;

    int xdp_fd() const;
    int tc_egress_fd() const;
    int tc_ingress_fd() const;
    // Each program's private per-CPU record of its last firewall walk (not pinned).
    int xdp_fw_walks_fd() const;
    int tc_fw_walks_fd() const;
    // Each program's private per-CPU notes of what a check-only run would have counted.
    int xdp_check_notes_fd() const;
    int tc_check_notes_fd() const;

  private:
    struct Deleter {
        void operator()(xgw_xdp* s) const;
        void operator()(xgw_tc* s) const;
    };
    Programs() = default;
    std::unique_ptr<xgw_xdp, Deleter> xdp_;
    std::unique_ptr<xgw_tc, Deleter> tc_;
    bool acct_only_ = false;
    bool l3_link_ = false;
};

} // namespace xgw
