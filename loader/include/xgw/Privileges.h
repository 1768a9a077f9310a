// Whether this process may load BPF programs and change interfaces.
#pragma once

#include <xgw/Result.h>

namespace xgw {

// Ok with CAP_SYS_ADMIN, or with CAP_BPF and CAP_NET_ADMIN; else a Permission error that says so.
Result<void> check_privileges();

} // namespace xgw
