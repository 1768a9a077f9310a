// CLOCK_BOOTTIME in nanoseconds: the clock of bpf_ktime_get_boot_ns(), so expiry stamps the
// data path writes compare with it directly.
#pragma once

#include <cstdint>
#include <ctime>

namespace xgw {

inline std::uint64_t boot_ns() {
    timespec ts{};
    clock_gettime(CLOCK_BOOTTIME, &ts);
    return std::uint64_t(ts.tv_sec) * 1000000000ull + ts.tv_nsec;
}

} // namespace xgw
