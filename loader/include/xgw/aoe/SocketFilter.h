// Classic BPF programs for an AF_PACKET socket, so that the kernel queues (and wakes its owner
// for) only the AoE frames that owner answers, as vblade's own filter does.
#pragma once

#include <xgw/aoe/Wire.h>

#include <linux/filter.h>

#include <vector>

namespace xgw::aoe {

// Requests (response flag clear) to `target`, shelf and slot wildcards included.
std::vector<sock_filter> request_filter(Address target);
// Responses from any target: what an initiator waits for.
std::vector<sock_filter> response_filter();

} // namespace xgw::aoe
