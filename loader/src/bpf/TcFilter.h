// xgw's tc filters (clsact + BPF, direct action); libbpf 1.1 has no tcx API.
#pragma once

#include <xgw/Result.h>

namespace xgw {

// Chosen so that xgw's filter is recognisable and does not collide with others' defaults.
inline constexpr unsigned kTcHandle = 0x7867;   // "xg"
inline constexpr unsigned kTcPriority = 0x7877; // "xw"

struct TcAttachment {
    bool created_qdisc = false; // xgw created clsact, so a failed attach removes it
};

// The egress filter, then the ingress one; neither stays when the other fails.
Result<TcAttachment> attach_tc(int ifindex, int egress_fd, int ingress_fd);
// Removes xgw's filters, and the clsact qdisc when remove_qdisc says (a failed attach undoing
// itself; a detach keeps it, see Datapath::detach).
Result<void> detach_tc(int ifindex, bool remove_qdisc);

} // namespace xgw
