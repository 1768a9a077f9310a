// What `xgw dns serve` is told.
#pragma once

#include <string>
#include <vector>

namespace xgw::dns {

struct ForwarderConfig {
    std::vector<std::string> listen;       // ADDR[:PORT]; 127.0.0.1 and ::1 port 53 when empty
    std::vector<std::string> upstreams;    // ADDR[#PORT]
    std::vector<std::string> servers;      // /DOMAIN/ADDR
    std::vector<std::string> allow;        // CIDR; loopback and the listen networks when empty
    std::size_t cache_size = 10000;        // answers
    unsigned threads = 0;                  // 0: one per CPU
    int timeout_ms = 1000;                 // per upstream try
    int attempts = 2;                      // rounds over the upstream list
    std::string hosts_file = "/etc/hosts"; // empty: none
    std::string control_socket = "/run/xgw/dns/serve.sock";

    bool operator==(const ForwarderConfig&) const = default;
};

} // namespace xgw::dns
