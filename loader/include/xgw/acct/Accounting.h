// IP accounting of one network namespace: which hosts and ports are accounted, and their
// counters, read and zeroed atomically.
#pragma once

#include <xgw/Result.h>
#include <xgw/acct/Port.h>
#include <xgw/acct/Snapshot.h>
#include <xgw/bpf/PinPaths.h>
#include <xgw/fw/IpPrefix.h>

#include <memory>
#include <vector>

namespace xgw::acct {

// What a byte counter adds per packet: the IP datagram (default) or the whole L2 frame.
enum class ByteCount { Ip, Frame };

struct Definitions {
    std::vector<fw::IpPrefix> nets; // every host inside is counted on its own
    std::vector<Port> ports;
    bool protocols = false;
    bool icmp_types = false;
    ByteCount bytes = ByteCount::Ip;
};

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

    Result<Definitions> definitions() const;
    // The counters since the last zero.
    Result<Snapshot> read() const;
    // The counters since the last zero, zeroed as read: no increment is lost or returned twice.
    Result<Snapshot> read_and_zero();

  private:
    Accounting(PinPaths paths, std::unique_ptr<AcctMaps> maps);
    Result<void> update_flags(std::uint32_t set, std::uint32_t clear);

    PinPaths paths_;
    std::unique_ptr<AcctMaps> maps_;
};

} // namespace xgw::acct
