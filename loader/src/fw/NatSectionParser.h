// The [nat] section: one NAT rule per statement (grammar in docs/nat.md).
#pragma once

#include <vector>
#include <xgw/fw/Diagnostic.h>
#include <xgw/nat/NatRule.h>

#include "fw/SectionParser.h"

namespace xgw::fw {

class NatSectionParser : public SectionParser {
  public:
    explicit NatSectionParser(std::vector<nat::NatRule>& rules) : rules_(rules) {}
    void statement(TokenCursor& cursor) override;

  private:
    std::vector<nat::NatRule>& rules_;
};

} // namespace xgw::fw
