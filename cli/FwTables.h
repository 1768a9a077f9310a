// The firewall's address tables (table(NAME), me, me6) of this namespace, for the fw commands.
#pragma once

#include <xgw/fw/FirewallTables.h>

namespace xgw::cli {

Result<fw::FirewallTables> open_tables();

} // namespace xgw::cli
