// The pinned accounting maps of one namespace and the whole-table operations on them.
#pragma once

#include <xgw/Result.h>
#include <xgw/UniqueFd.h>
#include <xgw/acct/Port.h>
#include <xgw/acct/Snapshot.h>
#include <xgw/bpf/PinPaths.h>
#include <xgw/fw/IpPrefix.h>

#include <xgw/abi/acct.h>

#include <array>
#include <functional>
#include <vector>

namespace xgw::acct {

struct PortSlot {
    Port port;
    std::uint32_t slot = 0; // index into a generation of xgw_acct_ports
};

class AcctMaps {
  public:
    static Result<AcctMaps> open(const PinPaths& paths);

    xgw_acct_ctl ctl() const;
    Result<void> set_ctl(const xgw_acct_ctl& ctl) const;

    std::vector<fw::IpPrefix> nets() const;
    Result<void> put_net(const fw::IpPrefix& net) const;
    Result<void> erase_net(const fw::IpPrefix& net) const;
    // Whether some accounted net covers the address (the LPM lookup the data path does).
    bool covered(const fw::IpPrefix& host) const;

    Result<std::vector<PortSlot>> ports() const;
    // Starts counting the port in the slot, or stops it.
    Result<void> assign_port(const Port& port, std::uint32_t slot) const;
    Result<void> release_port(const PortSlot& ps) const;

    // The counters of each generation, summed over CPUs.
    Result<std::array<Snapshot, XGW_ACCT_GENS>> read() const;
    // Zeroes every counter of a generation that no program writes any more.
    Result<void> clear_gen(std::uint32_t gen) const;
    // Deletes the host counters (both generations) for which drop returns true.
    Result<void> erase_hosts(const std::function<bool(const fw::IpPrefix&)>& drop) const;
    // Zeroes a port slot in both generations.
    Result<void> clear_port_slot(std::uint32_t slot) const;

  private:
    AcctMaps(std::vector<UniqueFd> fds, std::size_t ncpus) : fds_(std::move(fds)), ncpus_(ncpus) {}
    int fd(int which) const { return fds_[which].get(); }
    Result<void> read_hosts(std::array<Snapshot, XGW_ACCT_GENS>& gens) const;
    Result<void> read_ports(std::array<Snapshot, XGW_ACCT_GENS>& gens) const;
    Result<void> read_types(int which, std::array<Snapshot, XGW_ACCT_GENS>& gens) const;
    Result<void> zero_range(int which, std::uint32_t first, std::uint32_t count,
                            std::size_t value_size) const;

    std::vector<UniqueFd> fds_;
    std::size_t ncpus_;
};

} // namespace xgw::acct
