// A block workload through the initiator, for benchmarks: sequential or random reads or writes
// of fixed-size blocks for a while, reported as throughput and I/O operations per second.
#pragma once

#include <xgw/Result.h>
#include <xgw/aoe/Initiator.h>

#include <cstdint>

namespace xgw::aoe {

struct IoBenchSpec {
    bool write = false;
    bool random = false;
    unsigned block = 4096; // bytes per I/O, a multiple of the sector size
    double seconds = 5;
    std::uint64_t sectors = 0; // the region at LBA 0 the blocks fall in; 0: the whole target
    std::uint32_t seed = 1;
};

struct IoBenchResult {
    std::uint64_t ios = 0;
    std::uint64_t bytes = 0;
    double seconds = 0;
    double cpu_seconds = 0; // user + system time of the initiator's process while it ran
    double iops() const { return seconds > 0 ? static_cast<double>(ios) / seconds : 0; }
    double mb_per_s() const { return seconds > 0 ? static_cast<double>(bytes) / seconds / 1e6 : 0; }
    double cpu_us_per_io() const { return ios ? cpu_seconds * 1e6 / static_cast<double>(ios) : 0; }
};

// Runs the workload; each block goes as ceil(block / frame) requests, all of a batch in flight
// up to the initiator's window.
Result<IoBenchResult> run_io_bench(Initiator& initiator, const TargetInfo& target,
                                   const IoBenchSpec& spec);

} // namespace xgw::aoe
