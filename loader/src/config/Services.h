// The services database (/etc/services) the box's rules and expectations are read with.
#pragma once

#include <xgw/fw/ServiceDb.h>

namespace xgw::config {

const fw::ServiceDb& services();

} // namespace xgw::config
