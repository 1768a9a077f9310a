// A ruleset as the lines `fw save` would write for it ([nat] and [acct] included), so that the
// configured ruleset and the one in force compare line by line whatever their spelling.
#pragma once

#include <xgw/fw/Ast.h>

#include <string>
#include <vector>

namespace xgw::config {

// acct: the accounting definitions to write (the ruleset's own, or those in force when the
// ruleset has no [acct] section and so leaves them alone).
std::vector<std::string> canonical_lines(const fw::Ruleset& ruleset,
                                         const acct::Definitions& acct);

} // namespace xgw::config
