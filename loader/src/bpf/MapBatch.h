// Whole-map reads and writes in one syscall per chunk (BPF_MAP_*_BATCH) instead of one per key.
#pragma once

#include <xgw/Result.h>

#include <bpf/bpf.h>

#include <cstdint>
#include <vector>

namespace xgw {

template <class K, class V> struct BatchRead {
    std::vector<K> keys;
    std::vector<V> values; // values_per_key consecutive values for each key (one per CPU)
};

// Every entry of a map whose keys batch with a u32 position (arrays with u32 keys, hashes).
template <class K, class V>
Result<BatchRead<K, V>> read_batch(int fd, std::uint32_t max_entries, std::size_t values_per_key) {
    BatchRead<K, V> out;
    out.keys.resize(max_entries);
    out.values.resize(static_cast<std::size_t>(max_entries) * values_per_key);
    std::uint32_t total = 0, token = 0;
    bool first = true;
    while (total < max_entries) {
        std::uint32_t count = max_entries - total;
        int err = bpf_map_lookup_batch(fd, first ? nullptr : &token, &token, &out.keys[total],
                                       &out.values[total * values_per_key], &count, nullptr);
        first = false;
        total += count;
        if (err && errno == ENOENT)
            break;
        if (err)
            return Error::from_errno(errno, "read map (batch)");
    }
    out.keys.resize(total);
    out.values.resize(total * values_per_key);
    return out;
}

// Writes values_per_key values for each key (BPF_ANY).
template <class K, class V>
Result<void> write_batch(int fd, const std::vector<K>& keys, const std::vector<V>& values) {
    if (keys.empty())
        return {};
    std::uint32_t count = static_cast<std::uint32_t>(keys.size());
    if (bpf_map_update_batch(fd, keys.data(), values.data(), &count, nullptr) != 0)
        return Error::from_errno(errno, "write map (batch)");
    return {};
}

template <class K> Result<void> delete_batch(int fd, const std::vector<K>& keys) {
    if (keys.empty())
        return {};
    std::uint32_t count = static_cast<std::uint32_t>(keys.size());
    if (bpf_map_delete_batch(fd, keys.data(), &count, nullptr) != 0)
        return Error::from_errno(errno, "delete from map (batch)");
    return {};
}

} // namespace xgw
