// The [set] section: `policy accept|deny` and `dyn_*_lifetime SECONDS`, the settings of
// `xgw fw policy` and `xgw fw set` (docs/rules.md, "Tables and settings").
#pragma once

#include <xgw/fw/Ast.h>

#include "fw/SectionParser.h"

namespace xgw::fw {

class SetSectionParser : public SectionParser {
  public:
    explicit SetSectionParser(Settings& settings) : settings_(settings) {}
    void statement(TokenCursor& cursor) override;

  private:
    Settings& settings_;
};

} // namespace xgw::fw
