// Parses the options after the destination: in out via recv xmit setup established tcpflags
// icmptypes frag keep-state ipsec.
#pragma once

#include <optional>
#include <xgw/fw/Ast.h>

#include "fw/TokenCursor.h"

namespace xgw::fw {

class OptionsParser {
  public:
    explicit OptionsParser(TokenCursor& cursor) : cursor_(cursor) {}

    // Options up to the end of the statement.
    bool parse(RuleOptions& options);

  private:
    bool parseOne(RuleOptions& options);
    bool parseDirection(RuleOptions& options, Direction direction);
    bool parseInterface(std::optional<InterfaceMatch>& slot);
    bool parseFlag(std::optional<SourceLocation>& slot);
    bool parseTcpFlags(RuleOptions& options);
    bool parseIcmpTypes(RuleOptions& options);
    bool parseIpsec(RuleOptions& options);
    bool parseIpsecField(IpsecMatch& ipsec);
    bool twice(const Token& keyword);

    TokenCursor& cursor_;
};

} // namespace xgw::fw
