// Whether another process still runs, for records that name their owner by pid.
#pragma once

#include <sys/types.h>

namespace xgw {

// True while pid runs. A killed process that its parent has not reaped yet (a zombie) answers
// kill(pid, 0) but holds nothing any more: it counts as gone.
bool process_alive(pid_t pid);

} // namespace xgw
