// Everything a monitoring scrape or `xgw top` shows, read from a namespace's pinned state at once.
#pragma once

#include <xgw/Datapath.h>
#include <xgw/Result.h>
#include <xgw/acct/Snapshot.h>
#include <xgw/bpf/MapMemory.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace xgw::acct {

struct RuleSample {
    std::uint16_t number = 0;
    std::string text;
    xgw_counter counts{};
};

// A state table (flows, NAT bindings): its size, entries now, and its events' counters
// (created, expired, evicted, create-failed; NAT: ports-exhausted).
struct TableSample {
    std::string table; // "flows" or "nat_bindings"
    std::uint32_t size = 0;
    std::uint32_t entries = 0;
    std::vector<std::pair<std::string, std::uint64_t>> events;
};

Result<std::vector<TableSample>> collect_tables(const Datapath& dp);

// One AoE target as XDP steering counts it: where, what its entry does ("" when it has no
// entry any more), and the counters by name (frames, bytes, per command, passed, steered...).
struct AoeSample {
    std::string interface;
    std::string target; // SHELF.SLOT
    std::string action; // stack, drop, redirect, cpu, xsk
    std::vector<std::pair<std::string, std::uint64_t>> counters;
};

std::vector<AoeSample> collect_aoe(const PinPaths& paths);

struct Metrics {
    std::chrono::steady_clock::time_point taken;
    std::vector<IfaceStats> interfaces;
    std::vector<RuleSample> rules;      // the firewall rules in force, in evaluation order
    std::vector<TableSample> tables;
    std::array<std::uint64_t, XGW_FWD__MAX> forwarding{}; // the offload's outcomes
    PolicyNotes policy_notes;
    std::vector<MapFootprint> memory;   // every map of the state and what it locks
    std::optional<Snapshot> accounting; // nullopt: the state has no accounting maps
    std::vector<AoeSample> aoe;
};

Result<Metrics> collect_metrics(const Datapath& dp);

} // namespace xgw::acct
