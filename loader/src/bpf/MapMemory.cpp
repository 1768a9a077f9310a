#include <xgw/bpf/MapMemory.h>

#include <xgw/UniqueFd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include <algorithm>
#include <bit>
#include <tuple>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string_view>

namespace xgw {

namespace {

constexpr std::uint64_t round8(std::uint64_t n) { return (n + 7) & ~std::uint64_t(7); }

// Kernel's struct htab_elem before the key, and one bucket (list head + lock).
constexpr std::uint64_t kHtabElem = 48;
constexpr std::uint64_t kBucket = 16;

std::uint64_t hash_estimate(const MapShape& m, unsigned cpus, bool percpu, bool prealloc) {
    const std::uint64_t buckets = std::bit_ceil(std::max<std::uint32_t>(m.max_entries, 1));
    std::uint64_t bytes = buckets * kBucket;
    if (!prealloc)
        return bytes;
    const std::uint64_t value = round8(m.value_size);
    const std::uint64_t elem = kHtabElem + round8(m.key_size) + (percpu ? 8 : value);
    bytes += elem * m.max_entries;
    if (percpu)
        bytes += value * cpus * m.max_entries;
    return bytes;
}

} // namespace

std::uint64_t map_memory_estimate(const MapShape& m, unsigned cpus) {
    const std::uint64_t n = m.max_entries, value = round8(m.value_size);
    const bool prealloc = !(m.flags & BPF_F_NO_PREALLOC);
    switch (m.type) {
    case BPF_MAP_TYPE_ARRAY:
        return n * value;
    case BPF_MAP_TYPE_PERCPU_ARRAY:
        return n * (value * cpus + 8);
    case BPF_MAP_TYPE_HASH:
        return hash_estimate(m, cpus, false, prealloc);
    case BPF_MAP_TYPE_PERCPU_HASH:
        return hash_estimate(m, cpus, true, prealloc);
    case BPF_MAP_TYPE_LRU_HASH:
        return hash_estimate(m, cpus, false, true);
    case BPF_MAP_TYPE_LRU_PERCPU_HASH:
        return hash_estimate(m, cpus, true, true);
    case BPF_MAP_TYPE_RINGBUF:
        return n;
    case BPF_MAP_TYPE_LPM_TRIE:
        return 0; // nodes are allocated as prefixes are added
    default:
        return n * 8; // maps of maps, devmaps, cpumaps, xskmaps: a pointer per slot
    }
}

Result<std::uint64_t> map_memory(int fd) {
    std::ifstream in("/proc/self/fdinfo/" + std::to_string(fd));
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("memlock:", 0) == 0)
            return std::stoull(line.substr(8));
    return make_error(Errc::Failed, "no memlock figure for map fd " + std::to_string(fd));
}

Result<std::uint64_t> map_memory_budget() {
    std::ifstream in("/proc/meminfo");
    std::string key;
    std::uint64_t kb = 0;
    std::string unit;
    while (in >> key >> kb) {
        std::getline(in, unit);
        if (key == "MemAvailable:")
            return kb * 1024 / 2;
    }
    return make_error(Errc::Failed, "no MemAvailable in /proc/meminfo");
}

namespace {

std::string feature_of(std::string_view map) {
    constexpr std::pair<std::string_view, std::string_view> kPrefixes[] = {
        {"xgw_fw_", "firewall"},   {"xgw_nat_", "nat"},        {"xgw_flows", "flows"},
        {"xgw_ct_", "flows"},      {"xgw_acct_", "accounting"}, {"xgw_aoe_", "aoe"},
        {"xgw_fwd_", "forwarding"}, {"xgw_frag", "fragments"},
    };
    for (const auto& [prefix, feature] : kPrefixes)
        if (map.starts_with(prefix))
            return std::string(feature);
    return "core";
}

Result<MapFootprint> footprint(int fd, const std::string& name) {
    bpf_map_info info{};
    __u32 len = sizeof info;
    if (bpf_obj_get_info_by_fd(fd, &info, &len) != 0)
        return Error::from_errno(errno, "read map " + name);
    auto bytes = map_memory(fd);
    if (!bytes)
        return bytes.error();
    const char* type = libbpf_bpf_map_type_str(static_cast<bpf_map_type>(info.type));
    return MapFootprint{name, feature_of(name), type ? type : "unknown", info.max_entries, *bytes,
                       info.id};
}

} // namespace

Result<std::vector<MapFootprint>> pinned_map_memory(const PinPaths& paths) {
    std::vector<MapFootprint> out;
    std::set<std::uint32_t> inner_ids; // a map in several slots is counted once
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(paths.maps(), ec)) {
        const std::string name = entry.path().filename().string();
        UniqueFd fd(bpf_obj_get(entry.path().c_str()));
        if (!fd)
            continue; // not a map (or gone meanwhile)
        auto f = footprint(fd.get(), name);
        if (!f)
            return f.error();
        out.push_back(*f);
        if (f->type != "array_of_maps")
            continue;
        for (std::uint32_t slot = 0; slot < f->capacity; slot++) {
            std::uint32_t id = 0;
            if (bpf_map_lookup_elem(fd.get(), &slot, &id) != 0 || !inner_ids.insert(id).second)
                continue; // an empty slot, or a map counted already
            UniqueFd inner(bpf_map_get_fd_by_id(id));
            if (!inner)
                continue;
            auto g = footprint(inner.get(), name + "[" + std::to_string(slot) + "]");
            if (!g)
                return g.error();
            out.push_back(*g);
        }
    }
    if (ec)
        return Error::from_errno(ec.value(), "list " + paths.maps().string());
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return std::tie(a.feature, a.map) < std::tie(b.feature, b.map);
    });
    return out;
}

std::string format_bytes(std::uint64_t bytes) {
    char buf[32];
    if (bytes >= (std::uint64_t(1) << 30))
        std::snprintf(buf, sizeof buf, "%.1f GB", bytes / double(1 << 30));
    else if (bytes >= (1 << 20))
        std::snprintf(buf, sizeof buf, "%.1f MB", bytes / double(1 << 20));
    else
        std::snprintf(buf, sizeof buf, "%.1f KB", bytes / 1024.0);
    return buf;
}

} // namespace xgw
