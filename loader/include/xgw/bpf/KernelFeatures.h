// What this kernel lets xgw's programs do, probed by loading the call itself.
#pragma once

namespace xgw {

// Whether XDP programs may call bpf_xdp_adjust_meta (some kernels refuse it): without it,
// marks and next hops decided in XDP cannot travel to tc ingress and routing.
bool xdp_meta_supported();

} // namespace xgw
