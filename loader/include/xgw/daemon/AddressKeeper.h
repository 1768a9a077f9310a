// Keeps what depends on the host's addresses equal to them: the `me` and `me6` tables,
// masquerade's interface addresses, and the NAT bindings, whose translated source must be an
// address the host still has (as Linux's MASQUERADE forgets connections when theirs goes).
#pragma once

#include <xgw/Result.h>
#include <xgw/bpf/PinPaths.h>

#include <cstdint>
#include <vector>

namespace xgw::daemon {

class AddressKeeper {
  public:
    explicit AddressKeeper(PinPaths paths) : paths_(std::move(paths)) {}

    // Syncs now; returns how many NAT bindings were removed because their address went.
    Result<std::size_t> sync();

  private:
    PinPaths paths_;
    std::vector<std::uint32_t> ipv4_; // the host's IPv4 addresses at the last sync
};

} // namespace xgw::daemon
