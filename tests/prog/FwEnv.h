// The programs loaded for the firewall fixtures, in a pin directory of their own: a ruleset
// installed here must not reach the parse fixtures, which run with the firewall off.
#pragma once

#include <xgw/PacketRunner.h>
#include <xgw/fw/FirewallControl.h>

#include <map>

namespace xgw::test {

class FwEnv {
  public:
    static FwEnv& get(); // loads on first use; a load failure fails the test, never skips it
    ~FwEnv();

    const PacketRunner& runner() const { return runner_; }
    fw::FirewallControl& control() { return control_; }
    const PinPaths& paths() const { return paths_; }
    // Packets counted per rule number (rules sharing a number summed), the default's at 65535.
    std::map<std::uint16_t, std::uint64_t> packets_by_rule();
    // me: 192.0.2.1 and 2001:db8::1; interfaces: lo (1) and eth9, which no packet uses.
    static fw::HostContext host();

  private:
    FwEnv(PinPaths paths, PacketRunner runner);
    PinPaths paths_;
    PacketRunner runner_;
    fw::FirewallControl control_;
};

} // namespace xgw::test
