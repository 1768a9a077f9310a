// The AoE steering table in the namespace's pinned maps: what XDP does with requests for each
// (interface, shelf, slot), the allow-lists, the wildcard fan-out, the per-target counters, and
// the registry of running xgw targets. Every change builds the whole inactive generation and
// then flips one index, so a frame sees the old table or the new one, never a mixture.
#pragma once

#include <xgw/Result.h>
#include <xgw/UniqueFd.h>
#include <xgw/aoe/Wire.h>
#include <xgw/bpf/PinPaths.h>

#include <xgw/abi/aoe.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace xgw::aoe {

struct SteeringEntry {
    std::uint32_t ifindex = 0;
    Address address;
    std::uint32_t action = XGW_AOE_ACT_PASS; // enum xgw_aoe_action
    std::uint32_t arg = 0;                   // xsk index, ifindex or CPU
    std::uint32_t queue = 0;
    std::vector<MacAddress> macs; // empty: every initiator
};

struct TargetCounters {
    std::uint32_t ifindex = 0;
    Address address;
    std::array<std::uint64_t, XGW_AOE_C__MAX> c{};
};

struct ExportRecord {
    std::uint32_t ifindex = 0;
    Address address;
    xgw_aoe_export rec{};
};

std::string_view action_name(std::uint32_t action);
std::string_view counter_name(unsigned counter);

class AoeSteering {
  public:
    // NotFound when the namespace has no pinned state (xgw never attached or loaded).
    static Result<AoeSteering> open(const PinPaths& paths);

    // False once the maps it holds are no longer the ones pinned at paths (xgw detached, and
    // perhaps attached again with new maps).
    bool is_pinned_at(const PinPaths& paths) const;

    Result<std::vector<SteeringEntry>> entries() const;
    // Adds or replaces the entry for (ifindex, address).
    Result<void> upsert(const SteeringEntry& entry);
    // Removes the entry; its counters go too.
    Result<void> remove(std::uint32_t ifindex, Address address);

    std::vector<TargetCounters> counters() const;

    Result<void> register_export(const ExportRecord& record);
    Result<void> unregister_export(std::uint32_t ifindex, Address address);
    std::vector<ExportRecord> exports() const;

    // As one change: puts the AF_XDP socket in a slot of xgw_aoe_xsks that no other entry uses
    // (entry.arg when that one is free) and steers the entry there; returns the slot.
    Result<std::uint32_t> steer_to_xsk(SteeringEntry entry, int xsk_fd);
    Result<void> clear_xsk(std::uint32_t index) const;
    // Gives the CPU a queue in the cpumap so the CPU action can reach it.
    Result<void> enable_cpu(std::uint32_t cpu) const;

  private:
    enum MapIndex { kState, kTargets, kFanout, kMacs, kStats, kExports, kXsks, kCpus, kMapCount };
    explicit AoeSteering(std::vector<UniqueFd> fds, UniqueFd lock_dir);
    Result<void> install(const std::vector<SteeringEntry>& table);
    Result<void> upsert_locked(const SteeringEntry& entry, std::vector<SteeringEntry> table);
    Result<std::vector<SteeringEntry>> read_generation(std::uint32_t gen) const;
    Result<void> write_generation(const std::vector<SteeringEntry>& table, std::uint32_t gen);
    void clear_generation(std::uint32_t gen);
    std::uint32_t live_generation() const;
    int fd(MapIndex m) const { return fds_[m].get(); }

    std::vector<UniqueFd> fds_;
    UniqueFd lock_dir_; // flock()ed while a change is built, so two writers never interleave
};

} // namespace xgw::aoe
