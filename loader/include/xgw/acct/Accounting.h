// IP accounting of one network namespace: which hosts and ports are accounted, and their
// counters, read and zeroed atomically.
#pragma once

#include <xgw/Result.h>
#include <xgw/acct/Definitions.h>
#include <xgw/acct/Port.h>
#include <xgw/acct/Snapshot.h>
#include <xgw/bpf/PinPaths.h>
#include <xgw/fw/IpPrefix.h>

#include <memory>
#include <vector>

namespace xgw::acct {

class AcctMaps;

class Accounting {
  public:
    // Opens the pinned accounting maps; NotFound when the namespace has no xgw state.
    static Result<Accounting> open(const PinPaths& paths);
    Accounting(Accounting&&) noexcept;
    Accounting& operator=(Accounting&&) noexcept;
    ~Accounting();

    Result<void> add_net(const fw::IpPrefix& net);
    // Removes the net and the counters of its hosts that no other net covers.
    Result<void> delete_net(const fw::IpPrefix& net);
    Result<void> add_port(const Port& port);
    Result<void> delete_port(const Port& port);
    Result<void> set_protocols(bool on);
    Result<void> set_icmp_types(bool on);
    Result<void> set_bytes(ByteCount mode);
    // Removes every definition and every counter.
    Result<void> flush();
    // Makes these the definitions in force: what stays keeps counting, what goes is removed
    // with its counters. A host that an old and a new net both cover is counted throughout.
    Result<void> apply(const Definitions& target);

    Result<Definitions> definitions() const;
    // The definitions in force in the namespace whose state paths names.
    static Result<Definitions> definitions(const PinPaths& paths);
    // The counters since the last zero.
    Result<Snapshot> read() const;
    // The counters since the last zero, zeroed as read: no increment is lost or returned twice.
    Result<Snapshot> read_and_zero();

  private:
    Accounting(PinPaths paths, std::unique_ptr<AcctMaps> maps);
    Result<void> update_flags(std::uint32_t set, std::uint32_t clear);
    // The changes themselves; the caller holds the state lock.
    Result<void> insert_net(const fw::IpPrefix& net);
    // Removes them and the counters that go with them, after one wait for running programs.
    Result<void> remove_nets(const std::vector<fw::IpPrefix>& nets);
    Result<void> insert_port(const Port& port);
    Result<void> remove_ports(const std::vector<Port>& ports);

    PinPaths paths_;
    std::unique_ptr<AcctMaps> maps_;
};

} // namespace xgw::acct
