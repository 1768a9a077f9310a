// Which upstream servers a name goes to: dnsmasq's server=/domain/addr, else the default list.
#pragma once

#include <xgw/Result.h>
#include <xgw/dns/Endpoint.h>

#include <string>
#include <string_view>
#include <vector>

namespace xgw::dns {

class UpstreamRoutes {
  public:
    // Adds the default upstream "ADDR[#PORT]".
    Result<void> add_default(std::string_view spec);
    // "/DOMAIN/[DOMAIN/...]ADDR[#PORT]": names in those domains go to ADDR (given for the same
    // domain again, to the next ADDR too); "/DOMAIN/" alone: answered locally, never forwarded.
    Result<void> add_domain(std::string_view spec);

    // The servers (indices into servers()) for a name in lower case without the final dot,
    // from the longest matching domain; empty for a local-only domain.
    const std::vector<int>& route(std::string_view name) const;
    const std::vector<Endpoint>& servers() const { return servers_; }
    bool empty() const { return servers_.empty(); }

  private:
    int index_of(const Endpoint& e);
    struct Domain {
        std::string name;
        std::vector<int> servers;
    };
    std::vector<Endpoint> servers_;
    std::vector<int> defaults_;
    std::vector<Domain> domains_;
};

// A name in wire form (as in a question) in lower-case text without the final dot ("" is root).
std::string name_text(const std::uint8_t* wire);

} // namespace xgw::dns
