// Adding accounting counters: over CPUs, over generations, over reads.
#pragma once

#include <xgw/abi/acct.h>

namespace xgw::acct {

inline void add(xgw_counter& sum, const xgw_counter& c) {
    sum.packets += c.packets;
    sum.bytes += c.bytes;
}

inline void add(xgw_acct_stats& sum, const xgw_acct_stats& s) {
    for (unsigned d = 0; d < XGW_DIR__MAX; d++)
        for (unsigned r = 0; r < XGW_ACCT_ROLE__MAX; r++)
            add(sum.c[d][r], s.c[d][r]);
}

inline void add(xgw_acct_dir_stats& sum, const xgw_acct_dir_stats& s) {
    for (unsigned d = 0; d < XGW_DIR__MAX; d++)
        add(sum.c[d], s.c[d]);
}

} // namespace xgw::acct
