// One section of a ruleset file ([firewall], later [nat], [acct]): takes its statements one
// at a time and fills its part of the Ruleset.
#pragma once

#include "fw/TokenCursor.h"

namespace xgw::fw {

class SectionParser {
  public:
    virtual ~SectionParser() = default;
    // At each header naming this section, before its statements.
    virtual void opened() {}
    // One statement (one logical line), ending in its Newline or End token.
    virtual void statement(TokenCursor& cursor) = 0;
    // After the last statement of the file.
    virtual void finish() {}
};

} // namespace xgw::fw
