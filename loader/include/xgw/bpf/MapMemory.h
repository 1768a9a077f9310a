// Kernel memory that BPF maps lock: estimated before a map is made, read back once it exists.
#pragma once

#include <xgw/Result.h>

#include <xgw/bpf/PinPaths.h>

#include <cstdint>
#include <string>
#include <vector>

namespace xgw {

struct MapShape {
    std::uint32_t type = 0; // enum bpf_map_type
    std::uint32_t key_size = 0;
    std::uint32_t value_size = 0;
    std::uint32_t max_entries = 0;
    std::uint32_t flags = 0;
};

// What the kernel will lock for a new map of this shape (its map_mem_usage right after
// creation): preallocated maps hold all their entries at once, the others (BPF_F_NO_PREALLOC
// hashes, LPM tries) only their buckets until entries are added.
std::uint64_t map_memory_estimate(const MapShape& shape, unsigned cpus);

// What an existing map locks now (the kernel's own figure, /proc/self/fdinfo "memlock").
Result<std::uint64_t> map_memory(int fd);

// The most that xgw lets new maps lock at once: half of MemAvailable, so that a size typed
// with a zero too many is refused before it pushes the box into the OOM killer.
Result<std::uint64_t> map_memory_budget();

// One map of a namespace's state and the memory it locks.
struct MapFootprint {
    std::string map;     // its name; a generation's own map: "xgw_fw_bitsets[1]"
    std::string feature; // firewall, nat, flows, accounting, aoe, forwarding, fragments, core
    std::string type;    // "array", "lru_hash", ...
    std::uint32_t capacity = 0; // max_entries (bytes, for a ring buffer)
    std::uint64_t bytes = 0;
    std::uint32_t id = 0; // the kernel's map id (bpftool map show id ID)
};

// Every pinned map of the namespace, and the generation maps the maps of maps hold, by name.
Result<std::vector<MapFootprint>> pinned_map_memory(const PinPaths& paths);

// "1.3 MB", "512.0 KB": for messages.
std::string format_bytes(std::uint64_t bytes);

} // namespace xgw
