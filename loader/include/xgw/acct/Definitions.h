// What IP accounting counts, and how an [acct] section of a ruleset file writes it.
#pragma once

#include <xgw/Result.h>
#include <xgw/acct/Port.h>
#include <xgw/fw/IpPrefix.h>

#include <string>
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

    bool operator==(const Definitions&) const = default;
};

// Whether the data path's tables can hold them all (nets per family, ports).
Result<void> checkCapacity(const Definitions& defs);

// The statements of an [acct] section that define exactly these (runs of ports as ranges).
std::vector<std::string> printDefinitions(const Definitions& defs);

} // namespace xgw::acct
