// Whether an open map is still the one pinned under a name: a state removed and made again
// has new maps under the same names, and a long-running holder of the old ones must notice.
#pragma once

#include <xgw/bpf/PinPaths.h>

#include <string>

namespace xgw {

bool is_pinned_map(int fd, const PinPaths& paths, const std::string& name);

} // namespace xgw
