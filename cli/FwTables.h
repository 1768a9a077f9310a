// The firewall's address tables (table(NAME), me, me6) of this namespace, for the fw commands.
#pragma once

#include <xgw/fw/FirewallTables.h>

namespace xgw::cli {

// change: make xgw's state first if there is none (else NotFound, "not attached").
Result<fw::FirewallTables> open_tables(bool change = true);

} // namespace xgw::cli
