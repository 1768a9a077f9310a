// Which clients the forwarder answers: no open resolver unless told.
#pragma once

#include <xgw/Result.h>
#include <xgw/dns/Endpoint.h>
#include <xgw/fw/IpPrefix.h>

#include <vector>

namespace xgw::dns {

class ClientAcl {
  public:
    // The given prefixes, or when there are none: loopback and the networks of the interfaces
    // that hold the listen addresses.
    static Result<ClientAcl> make(const std::vector<std::string>& allow,
                                  const std::vector<Endpoint>& listen);
    bool allows(const sockaddr* client) const;
    const std::vector<fw::IpPrefix>& prefixes() const { return prefixes_; }

  private:
    std::vector<fw::IpPrefix> prefixes_;
};

} // namespace xgw::dns
