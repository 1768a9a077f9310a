// Parses `ADDRESS [[port] PORTS]` on either side of a rule.
#pragma once

#include <optional>
#include <string_view>
#include <xgw/fw/Ast.h>
#include <xgw/fw/ServiceDb.h>

#include "fw/TokenCursor.h"

namespace xgw::fw {

enum class Side { Source, Destination };

class EndpointParser {
  public:
    // protocol decides which services(5) column names are looked up in.
    EndpointParser(TokenCursor& cursor, const ServiceDb* services, const Protocol& protocol)
        : cursor_(cursor), services_(services), protocol_(protocol) {}

    bool parse(Endpoint& endpoint, Side side);

  private:
    bool parseAddress(AddressMatch& address);
    bool parseAddressList(AddressMatch& address);
    bool parseTable(AddressMatch& address);
    bool portsFollow(Side side) const;
    bool parsePorts(Endpoint& endpoint, std::string_view what);
    std::optional<PortRange> parsePortItem(std::string_view what);
    std::optional<uint16_t> lookupPort(std::string_view text) const;

    TokenCursor& cursor_;
    const ServiceDb* services_;
    const Protocol& protocol_;
};

} // namespace xgw::fw
