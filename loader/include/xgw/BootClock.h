// CLOCK_BOOTTIME in nanoseconds: the clock of bpf_ktime_get_boot_ns(), so expiry stamps the
// data path writes compare with it directly.
#pragma once

#include <cstdint>
#include <ctime>

namespace xgw {

inline std::int64_t clock_ns(clockid_t clock) {
    timespec ts{};
    clock_gettime(clock, &ts);
    return std::int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

inline std::uint64_t boot_ns() {
    return std::uint64_t(clock_ns(CLOCK_BOOTTIME));
}

// The wall-clock time (ns since the epoch) of a CLOCK_BOOTTIME stamp. Both clocks are read in
// nanoseconds, together: whole-second arithmetic would jitter by one.
inline std::int64_t wall_ns_of_boot(std::uint64_t stamp) {
    const std::int64_t boot = clock_ns(CLOCK_BOOTTIME);
    const std::int64_t wall = clock_ns(CLOCK_REALTIME);
    return wall - (boot - std::int64_t(stamp));
}

} // namespace xgw
