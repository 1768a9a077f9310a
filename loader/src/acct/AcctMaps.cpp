#include "AcctMaps.h"
#include "CounterSum.h"

#include "bpf/MapBatch.h"

#include <xgw/bpf/TypedMap.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <cstring>

namespace xgw::acct {
namespace {

enum MapIndex { kCtl, kNets4, kNets6, kHosts, kOvfl, kPslot, kPdefs, kPorts, kProtos, kIcmp };

struct MapSpec {
    const char* name;
    std::size_t key_size;
    std::size_t value_size;
};

constexpr MapSpec kMaps[] = {
    {"xgw_acct_ctl", 4, sizeof(xgw_acct_ctl)},
    {"xgw_acct_nets4", sizeof(xgw_acct_net4_key), 4},
    {"xgw_acct_nets6", sizeof(xgw_acct_net6_key), 4},
    {"xgw_acct_hosts", sizeof(xgw_acct_host_key), sizeof(xgw_acct_stats)},
    {"xgw_acct_ovfl", 4, 8},
    {"xgw_acct_pslot", 4, 4},
    {"xgw_acct_pdefs", 4, 4},
    {"xgw_acct_ports", 4, sizeof(xgw_acct_stats)},
    {"xgw_acct_protos", 4, sizeof(xgw_acct_dir_stats)},
    {"xgw_acct_icmp", 4, sizeof(xgw_acct_dir_stats)},
};

constexpr std::uint32_t kTypeEntries = XGW_ACCT_GENS * XGW_ACCT_FAMILIES * 256;

template <class V> bool is_zero(const V& v) {
    static const V zero{};
    return std::memcmp(&v, &zero, sizeof(V)) == 0;
}

template <class V> V sum_cpus(const std::vector<V>& values, std::size_t at, std::size_t ncpus) {
    V sum{};
    for (std::size_t cpu = 0; cpu < ncpus; cpu++)
        add(sum, values[at * ncpus + cpu]);
    return sum;
}

fw::IpPrefix host_address(const xgw_acct_host_key& key) {
    fw::IpPrefix p;
    p.family = key.family == XGW_ACCT_IPV4 ? fw::IpFamily::V4 : fw::IpFamily::V6;
    p.length = p.maxLength();
    std::memcpy(p.addr.data(), key.addr, p.family == fw::IpFamily::V4 ? 4 : 16);
    return p;
}

} // namespace

Result<AcctMaps> AcctMaps::open(const PinPaths& paths) {
    std::vector<UniqueFd> fds;
    for (const auto& spec : kMaps) {
        int fd = bpf_obj_get(paths.map(spec.name).c_str());
        if (fd < 0)
            return errno == ENOENT ? make_error(Errc::NotFound,
                                                "no accounting state in this network namespace (" +
                                                    paths.map(spec.name).string() + " is missing)")
                                   : Error::from_errno(errno, "open pinned map " +
                                                                  paths.map(spec.name).string());
        fds.emplace_back(fd);
        if (auto ok = check_map_layout(fd, spec.name, spec.key_size, spec.value_size); !ok)
            return ok.error();
    }
    int ncpus = libbpf_num_possible_cpus();
    if (ncpus <= 0)
        return Error::from_errno(ncpus, "count possible CPUs");
    return AcctMaps(std::move(fds), static_cast<std::size_t>(ncpus));
}

xgw_acct_ctl AcctMaps::ctl() const {
    xgw_acct_ctl ctl{};
    __u32 key = 0;
    bpf_map_lookup_elem(fd(kCtl), &key, &ctl);
    return ctl;
}

Result<void> AcctMaps::set_ctl(const xgw_acct_ctl& ctl) const {
    __u32 key = 0;
    if (bpf_map_update_elem(fd(kCtl), &key, &ctl, BPF_ANY) != 0)
        return Error::from_errno(errno, "update xgw_acct_ctl");
    return {};
}

std::vector<fw::IpPrefix> AcctMaps::nets() const {
    std::vector<fw::IpPrefix> out;
    for (const auto& k : map_keys<xgw_acct_net4_key>(fd(kNets4))) {
        fw::IpPrefix p{fw::IpFamily::V4, {}, static_cast<std::uint8_t>(k.prefixlen)};
        std::memcpy(p.addr.data(), &k.addr, 4);
        out.push_back(p);
    }
    for (const auto& k : map_keys<xgw_acct_net6_key>(fd(kNets6))) {
        fw::IpPrefix p{fw::IpFamily::V6, {}, static_cast<std::uint8_t>(k.prefixlen)};
        std::memcpy(p.addr.data(), k.addr, 16);
        out.push_back(p);
    }
    return out;
}

namespace {

// Calls f with the LPM map index and key for a prefix.
template <class F> auto with_net_key(const fw::IpPrefix& p, F&& f) {
    if (p.family == fw::IpFamily::V4) {
        xgw_acct_net4_key k{p.length, 0};
        std::memcpy(&k.addr, p.addr.data(), 4);
        return f(kNets4, static_cast<const void*>(&k));
    }
    xgw_acct_net6_key k{p.length, {}};
    std::memcpy(k.addr, p.addr.data(), 16);
    return f(kNets6, static_cast<const void*>(&k));
}

} // namespace

Result<void> AcctMaps::put_net(const fw::IpPrefix& net) const {
    return with_net_key(net, [&](int which, const void* key) -> Result<void> {
        __u32 one = 1;
        if (bpf_map_update_elem(fd(which), key, &one, BPF_ANY) != 0)
            return Error::from_errno(errno, "add " + net.str() + " to " + kMaps[which].name);
        return {};
    });
}

Result<void> AcctMaps::erase_net(const fw::IpPrefix& net) const {
    return with_net_key(net, [&](int which, const void* key) -> Result<void> {
        if (bpf_map_delete_elem(fd(which), key) != 0)
            return errno == ENOENT ? make_error(Errc::NotFound, net.str() + " is not accounted")
                                   : Error::from_errno(errno, "remove " + net.str() + " from " +
                                                                  kMaps[which].name);
        return {};
    });
}

bool AcctMaps::covered(const fw::IpPrefix& host) const {
    return with_net_key(host, [&](int which, const void* key) {
        __u32 value;
        return bpf_map_lookup_elem(fd(which), key, &value) == 0;
    });
}

Result<std::vector<PortSlot>> AcctMaps::ports() const {
    auto defs = read_batch<__u32, __u32>(fd(kPdefs), XGW_ACCT_MAX_PORTS, 1);
    if (!defs)
        return defs.error();
    std::vector<PortSlot> out;
    for (std::size_t i = 0; i < defs->keys.size(); i++) {
        if (defs->values[i] == 0)
            continue;
        const __u32 key = defs->values[i] - 1;
        out.push_back(
            {{static_cast<PortProto>(key >> 16), static_cast<std::uint16_t>(key & 0xffff)},
             defs->keys[i]});
    }
    return out;
}

namespace {

Result<void> put_u32(int fd, __u32 key, __u32 value, const char* name) {
    if (bpf_map_update_elem(fd, &key, &value, BPF_ANY) != 0)
        return Error::from_errno(errno, std::string("update ") + name);
    return {};
}

__u32 pslot_key(const Port& port) {
    return XGW_ACCT_PSLOT_KEY(static_cast<__u32>(port.proto), port.number);
}

} // namespace

Result<void> AcctMaps::assign_port(const Port& port, std::uint32_t slot) const {
    if (auto ok = put_u32(fd(kPdefs), slot, pslot_key(port) + 1, "xgw_acct_pdefs"); !ok)
        return ok;
    return put_u32(fd(kPslot), pslot_key(port), slot + 1, "xgw_acct_pslot");
}

Result<void> AcctMaps::release_port(const PortSlot& ps) const {
    __u32 key = pslot_key(ps.port);
    if (bpf_map_delete_elem(fd(kPslot), &key) != 0 && errno != ENOENT)
        return Error::from_errno(errno, "update xgw_acct_pslot");
    return put_u32(fd(kPdefs), ps.slot, 0, "xgw_acct_pdefs");
}

Result<void> AcctMaps::read_hosts(std::array<Snapshot, XGW_ACCT_GENS>& gens) const {
    auto all = read_batch<xgw_acct_host_key, xgw_acct_stats>(
        fd(kHosts), XGW_ACCT_GENS * XGW_ACCT_MAX_HOSTS, ncpus_);
    if (!all)
        return all.error();
    for (std::size_t i = 0; i < all->keys.size(); i++) {
        const auto& key = all->keys[i];
        gens[key.gen & 1].hosts.push_back({host_address(key), sum_cpus(all->values, i, ncpus_)});
    }
    for (__u32 gen = 0; gen < XGW_ACCT_GENS; gen++) {
        std::vector<__u64> per_cpu(ncpus_);
        if (bpf_map_lookup_elem(fd(kOvfl), &gen, per_cpu.data()) != 0)
            return Error::from_errno(errno, "read xgw_acct_ovfl");
        for (auto n : per_cpu)
            gens[gen].host_overflow += n;
    }
    return {};
}

Result<void> AcctMaps::read_ports(std::array<Snapshot, XGW_ACCT_GENS>& gens) const {
    auto slots = ports();
    if (!slots)
        return slots.error();
    auto all =
        read_batch<__u32, xgw_acct_stats>(fd(kPorts), XGW_ACCT_GENS * XGW_ACCT_MAX_PORTS, ncpus_);
    if (!all)
        return all.error();
    for (__u32 gen = 0; gen < XGW_ACCT_GENS; gen++)
        for (const auto& ps : *slots)
            gens[gen].ports.push_back(
                {ps.port, sum_cpus(all->values, XGW_ACCT_PORT_IDX(gen, ps.slot), ncpus_)});
    return {};
}

Result<void> AcctMaps::read_types(int which, std::array<Snapshot, XGW_ACCT_GENS>& gens) const {
    auto all = read_batch<__u32, xgw_acct_dir_stats>(fd(which), kTypeEntries, ncpus_);
    if (!all)
        return all.error();
    for (std::size_t i = 0; i < all->keys.size(); i++) {
        auto counts = sum_cpus(all->values, i, ncpus_);
        if (is_zero(counts))
            continue;
        const __u32 idx = all->keys[i];
        const auto family =
            (idx / 256) % XGW_ACCT_FAMILIES == XGW_ACCT_IPV4 ? fw::IpFamily::V4 : fw::IpFamily::V6;
        auto& snap = gens[idx / (256 * XGW_ACCT_FAMILIES)];
        (which == kProtos ? snap.protocols : snap.icmp_types)
            .push_back({family, static_cast<std::uint8_t>(idx % 256), counts});
    }
    return {};
}

Result<std::array<Snapshot, XGW_ACCT_GENS>> AcctMaps::read() const {
    std::array<Snapshot, XGW_ACCT_GENS> gens;
    if (auto ok = read_hosts(gens); !ok)
        return ok.error();
    if (auto ok = read_ports(gens); !ok)
        return ok.error();
    if (auto ok = read_types(kProtos, gens); !ok)
        return ok.error();
    if (auto ok = read_types(kIcmp, gens); !ok)
        return ok.error();
    return gens;
}

Result<void> AcctMaps::zero_range(int which, std::uint32_t first, std::uint32_t count,
                                  std::size_t value_size) const {
    std::vector<__u32> keys(count);
    for (std::uint32_t i = 0; i < count; i++)
        keys[i] = first + i;
    std::vector<std::uint8_t> zeros(static_cast<std::size_t>(count) * ncpus_ * value_size);
    return write_batch(fd(which), keys, zeros);
}

Result<void> AcctMaps::erase_hosts(const std::function<bool(const fw::IpPrefix&)>& drop) const {
    std::vector<xgw_acct_host_key> doomed;
    for (const auto& key : map_keys<xgw_acct_host_key>(fd(kHosts)))
        if (drop(host_address(key)))
            doomed.push_back(key);
    return delete_batch(fd(kHosts), doomed);
}

Result<void> AcctMaps::clear_gen(std::uint32_t gen) const {
    std::vector<xgw_acct_host_key> doomed;
    for (const auto& key : map_keys<xgw_acct_host_key>(fd(kHosts)))
        if (key.gen == gen)
            doomed.push_back(key);
    if (auto ok = delete_batch(fd(kHosts), doomed); !ok)
        return ok.error();
    if (auto ok = zero_range(kOvfl, gen, 1, 8); !ok)
        return ok.error();
    if (auto ok = zero_range(kPorts, XGW_ACCT_PORT_IDX(gen, 0), XGW_ACCT_MAX_PORTS,
                             sizeof(xgw_acct_stats));
        !ok)
        return ok.error();
    for (int which : {kProtos, kIcmp})
        if (auto ok = zero_range(which, XGW_ACCT_PROTO_IDX(gen, 0, 0), XGW_ACCT_FAMILIES * 256,
                                 sizeof(xgw_acct_dir_stats));
            !ok)
            return ok.error();
    return {};
}

Result<void> AcctMaps::clear_port_slot(std::uint32_t slot) const {
    for (std::uint32_t gen = 0; gen < XGW_ACCT_GENS; gen++)
        if (auto ok = zero_range(kPorts, XGW_ACCT_PORT_IDX(gen, slot), 1, sizeof(xgw_acct_stats));
            !ok)
            return ok.error();
    return {};
}

} // namespace xgw::acct
