// Typed, non-owning views over BPF maps; key and value sizes are checked once, at creation.
#pragma once

#include <xgw/Result.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace xgw {

// Checks that the map behind fd has the given key and value sizes.
Result<void> check_map_layout(int fd, const std::string& name, size_t key_size, size_t value_size);

// The entries the map was made with.
Result<std::uint32_t> map_max_entries(int fd);
// The entries in the map now (a walk of its keys, which may come and go meanwhile).
Result<std::uint32_t> map_entry_count(int fd);

// Every key of the map at the time of the walk (entries may come and go meanwhile).
template <class K> std::vector<K> map_keys(int fd) {
    std::vector<K> out;
    K key{}, next{};
    const void* prev = nullptr;
    while (bpf_map_get_next_key(fd, prev, &next) == 0) {
        out.push_back(next);
        key = next;
        prev = &key;
    }
    return out;
}

template <class K, class V> class TypedMap {
  public:
    static Result<TypedMap> view(int fd, const std::string& name) {
        if (auto ok = check_map_layout(fd, name, sizeof(K), sizeof(V)); !ok)
            return ok.error();
        return TypedMap(fd, name);
    }

    std::optional<V> lookup(const K& key) const {
        V value{};
        if (bpf_map_lookup_elem(fd_, &key, &value) != 0)
            return std::nullopt;
        return value;
    }
    Result<void> update(const K& key, const V& value, __u64 flags = BPF_ANY) const {
        if (bpf_map_update_elem(fd_, &key, &value, flags) != 0)
            return Error::from_errno(errno, "update map " + name_);
        return {};
    }
    Result<void> erase(const K& key) const {
        if (bpf_map_delete_elem(fd_, &key) != 0 && errno != ENOENT)
            return Error::from_errno(errno, "delete from map " + name_);
        return {};
    }
    std::vector<K> keys() const { return map_keys<K>(fd_); }
    int fd() const { return fd_; }

  private:
    TypedMap(int fd, std::string name) : fd_(fd), name_(std::move(name)) {}
    int fd_;
    std::string name_;
};

// A per-CPU map: one value per possible CPU.
template <class K, class V> class PerCpuMap {
    static_assert(sizeof(V) % 8 == 0, "per-CPU values are 8-byte aligned in the kernel");

  public:
    static Result<PerCpuMap> view(int fd, const std::string& name) {
        if (auto ok = check_map_layout(fd, name, sizeof(K), sizeof(V)); !ok)
            return ok.error();
        int ncpus = libbpf_num_possible_cpus();
        if (ncpus <= 0)
            return Error::from_errno(ncpus, "count possible CPUs");
        return PerCpuMap(fd, name, static_cast<size_t>(ncpus));
    }

    std::optional<std::vector<V>> lookup(const K& key) const {
        std::vector<V> values(ncpus_);
        if (bpf_map_lookup_elem(fd_, &key, values.data()) != 0)
            return std::nullopt;
        return values;
    }
    Result<void> erase(const K& key) const {
        if (bpf_map_delete_elem(fd_, &key) != 0 && errno != ENOENT)
            return Error::from_errno(errno, "delete from map " + name_);
        return {};
    }
    std::vector<K> keys() const { return map_keys<K>(fd_); }

  private:
    PerCpuMap(int fd, std::string name, size_t ncpus) : fd_(fd), name_(std::move(name)), ncpus_(ncpus) {}
    int fd_;
    std::string name_;
    size_t ncpus_;
};

// Per-CPU u64 counters at indexes 0..N-1 of an array map, each summed over the CPUs.
template <std::size_t N>
Result<std::array<std::uint64_t, N>> sum_counters(int fd, const std::string& name) {
    auto view = PerCpuMap<std::uint32_t, std::uint64_t>::view(fd, name);
    if (!view)
        return view.error();
    std::array<std::uint64_t, N> out{};
    for (std::uint32_t i = 0; i < N; i++)
        if (auto cpus = view->lookup(i))
            for (auto v : *cpus)
                out[i] += v;
    return out;
}

} // namespace xgw
