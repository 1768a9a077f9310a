// The [acct] section: accounting definitions, one kind per statement (grammar in
// docs/accounting.md). A file with the section replaces the definitions in force.
#pragma once

#include <optional>
#include <xgw/acct/Definitions.h>

#include "fw/SectionParser.h"

namespace xgw::fw {

class AcctSectionParser : public SectionParser {
  public:
    explicit AcctSectionParser(std::optional<acct::Definitions>& defs) : defs_(defs) {}
    void opened() override;
    void statement(TokenCursor& cursor) override;

  private:
    bool values(TokenCursor& cursor, bool nets);
    std::optional<acct::Definitions>& defs_;
};

} // namespace xgw::fw
