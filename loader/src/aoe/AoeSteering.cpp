#include <xgw/aoe/AoeSteering.h>

#include <xgw/Process.h>
#include <xgw/bpf/TypedMap.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>

#include <algorithm>
#include <cstring>
#include <map>

namespace xgw::aoe {
namespace {

constexpr const char* kMapNames[] = {"xgw_aoe_state", "xgw_aoe_targets", "xgw_aoe_fanout",
                                     "xgw_aoe_macs",  "xgw_aoe_stats",   "xgw_aoe_exports",
                                     "xgw_aoe_xsks",  "xgw_aoe_cpus"};
constexpr std::uint32_t kCpuQueue = 2048;

xgw_aoe_stats_key stats_key(std::uint32_t ifindex, Address a) {
    xgw_aoe_stats_key k{};
    k.ifindex = ifindex;
    k.shelf = a.shelf;
    k.slot = a.slot;
    return k;
}

class FlockGuard {
  public:
    explicit FlockGuard(int fd) : fd_(fd) { ::flock(fd_, LOCK_EX); }
    ~FlockGuard() { ::flock(fd_, LOCK_UN); }
    FlockGuard(const FlockGuard&) = delete;
    FlockGuard& operator=(const FlockGuard&) = delete;

  private:
    int fd_;
};

} // namespace

std::string_view action_name(std::uint32_t action) {
    switch (action) {
    case XGW_AOE_ACT_PASS:
        return "pass";
    case XGW_AOE_ACT_DROP:
        return "drop";
    case XGW_AOE_ACT_XSK:
        return "xsk";
    case XGW_AOE_ACT_REDIRECT:
        return "redirect";
    case XGW_AOE_ACT_CPU:
        return "cpu";
    }
    return "unknown";
}

std::string_view counter_name(unsigned counter) {
    static constexpr std::string_view names[] = {
#define XGW_AOE_COUNTER_NAME(id, name) name,
        XGW_AOE_COUNTERS(XGW_AOE_COUNTER_NAME)
#undef XGW_AOE_COUNTER_NAME
    };
    return counter < std::size(names) ? names[counter] : "unknown";
}

AoeSteering::AoeSteering(std::vector<UniqueFd> fds, UniqueFd lock_dir)
    : fds_(std::move(fds)), lock_dir_(std::move(lock_dir)) {}

Result<AoeSteering> AoeSteering::open(const PinPaths& paths) {
    std::vector<UniqueFd> fds;
    for (const char* name : kMapNames) {
        int fd = bpf_obj_get(paths.map(name).c_str());
        if (fd < 0)
            return Error::from_errno(errno, "open pinned map " + paths.map(name).string() +
                                                " (is xgw attached in this namespace?)");
        fds.emplace_back(fd);
    }
    struct Check {
        MapIndex m;
        std::size_t key, value;
    };
    for (auto c : {Check{kState, 4, sizeof(xgw_aoe_state)},
                   Check{kTargets, sizeof(xgw_aoe_key), sizeof(xgw_aoe_target)},
                   Check{kFanout, sizeof(xgw_aoe_key), sizeof(xgw_aoe_fanout)},
                   Check{kMacs, sizeof(xgw_aoe_mac_key), 4},
                   Check{kStats, sizeof(xgw_aoe_stats_key), sizeof(xgw_aoe_stats)},
                   Check{kExports, sizeof(xgw_aoe_stats_key), sizeof(xgw_aoe_export)}})
        if (auto ok = check_map_layout(fds[c.m].get(), kMapNames[c.m], c.key, c.value); !ok)
            return ok.error();
    UniqueFd dir(::open(paths.maps().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dir)
        return Error::from_errno(errno, "open " + paths.maps().string());
    return AoeSteering(std::move(fds), std::move(dir));
}

bool AoeSteering::is_pinned_at(const PinPaths& paths) const {
    UniqueFd pinned(bpf_obj_get(paths.map(kMapNames[kExports]).c_str()));
    if (!pinned)
        return false;
    bpf_map_info a{}, b{};
    __u32 la = sizeof a, lb = sizeof b;
    return bpf_obj_get_info_by_fd(pinned.get(), &a, &la) == 0 &&
           bpf_obj_get_info_by_fd(fd(kExports), &b, &lb) == 0 && a.id == b.id;
}

std::uint32_t AoeSteering::live_generation() const {
    __u32 zero = 0;
    xgw_aoe_state st{};
    return bpf_map_lookup_elem(fd(kState), &zero, &st) == 0 ? st.gen & 1 : 0;
}

Result<std::vector<SteeringEntry>> AoeSteering::entries() const {
    return read_generation(live_generation());
}

Result<std::vector<SteeringEntry>> AoeSteering::read_generation(std::uint32_t gen) const {
    std::vector<SteeringEntry> out;
    for (const auto& k : map_keys<xgw_aoe_key>(fd(kTargets))) {
        xgw_aoe_target t{};
        if (k.gen != gen || bpf_map_lookup_elem(fd(kTargets), &k, &t) != 0)
            continue;
        out.push_back({k.ifindex, {k.shelf, k.slot}, t.action, t.arg, t.queue, {}});
    }
    for (const auto& mk : map_keys<xgw_aoe_mac_key>(fd(kMacs))) {
        if (mk.target.gen != gen)
            continue;
        for (auto& e : out)
            if (e.ifindex == mk.target.ifindex && e.address == Address{mk.target.shelf, mk.target.slot}) {
                MacAddress m;
                std::memcpy(m.bytes.data(), mk.mac, 6);
                e.macs.push_back(m);
            }
    }
    std::sort(out.begin(), out.end(), [](auto& a, auto& b) {
        return std::tie(a.ifindex, a.address) < std::tie(b.ifindex, b.address);
    });
    return out;
}

Result<void> AoeSteering::upsert(const SteeringEntry& entry) {
    FlockGuard lock(lock_dir_.get());
    auto table = entries();
    if (!table)
        return table.error();
    return upsert_locked(entry, std::move(*table));
}

Result<void> AoeSteering::upsert_locked(const SteeringEntry& entry, std::vector<SteeringEntry> table) {
    if (entry.macs.size() > XGW_AOE_MAX_MACS)
        return make_error(Errc::Usage, "at most " + std::to_string(XGW_AOE_MAX_MACS) +
                                           " initiator MACs per target");
    std::erase_if(table, [&](auto& e) { return e.ifindex == entry.ifindex && e.address == entry.address; });
    table.push_back(entry);
    if (table.size() > XGW_AOE_MAX_TARGETS)
        return make_error(Errc::Conflict, "the steering table is full");
    auto key = stats_key(entry.ifindex, entry.address);
    int ncpus = libbpf_num_possible_cpus();
    std::vector<xgw_aoe_stats> zero(static_cast<std::size_t>(std::max(ncpus, 1)));
    (void)bpf_map_update_elem(fd(kStats), &key, zero.data(), BPF_NOEXIST);
    return install(table);
}

Result<void> AoeSteering::remove(std::uint32_t ifindex, Address address) {
    FlockGuard lock(lock_dir_.get());
    auto table = entries();
    if (!table)
        return table.error();
    auto before = table->size();
    std::erase_if(*table, [&](auto& e) { return e.ifindex == ifindex && e.address == address; });
    if (table->size() == before)
        return make_error(Errc::NotFound, "no steering entry for " + address.str());
    if (auto ok = install(*table); !ok)
        return ok;
    auto key = stats_key(ifindex, address);
    (void)bpf_map_delete_elem(fd(kStats), &key);
    return {};
}

std::vector<TargetCounters> AoeSteering::counters() const {
    std::vector<TargetCounters> out;
    int ncpus = libbpf_num_possible_cpus();
    std::vector<xgw_aoe_stats> per_cpu(static_cast<std::size_t>(std::max(ncpus, 1)));
    for (const auto& k : map_keys<xgw_aoe_stats_key>(fd(kStats))) {
        if (bpf_map_lookup_elem(fd(kStats), &k, per_cpu.data()) != 0)
            continue;
        TargetCounters t{k.ifindex, {k.shelf, k.slot}, {}};
        for (const auto& s : per_cpu)
            for (unsigned i = 0; i < XGW_AOE_C__MAX; i++)
                t.c[i] += s.c[i];
        out.push_back(t);
    }
    return out;
}

Result<void> AoeSteering::register_export(const ExportRecord& r) {
    auto key = stats_key(r.ifindex, r.address);
    xgw_aoe_export existing{};
    if (bpf_map_lookup_elem(fd(kExports), &key, &existing) == 0 && existing.pid != r.rec.pid &&
        process_alive(static_cast<pid_t>(existing.pid)))
        return make_error(Errc::Conflict, "target " + r.address.str() + " is already exported here by pid " +
                                              std::to_string(existing.pid));
    if (bpf_map_update_elem(fd(kExports), &key, &r.rec, BPF_ANY) != 0)
        return Error::from_errno(errno, "register target " + r.address.str());
    return {};
}

Result<void> AoeSteering::unregister_export(std::uint32_t ifindex, Address address) {
    auto key = stats_key(ifindex, address);
    if (bpf_map_delete_elem(fd(kExports), &key) != 0 && errno != ENOENT)
        return Error::from_errno(errno, "unregister target " + address.str());
    return {};
}

std::vector<ExportRecord> AoeSteering::exports() const {
    std::vector<ExportRecord> out;
    for (const auto& k : map_keys<xgw_aoe_stats_key>(fd(kExports))) {
        ExportRecord r{k.ifindex, {k.shelf, k.slot}, {}};
        if (bpf_map_lookup_elem(fd(kExports), &k, &r.rec) == 0)
            out.push_back(r);
    }
    return out;
}

Result<std::uint32_t> AoeSteering::steer_to_xsk(SteeringEntry entry, int xsk_fd) {
    FlockGuard lock(lock_dir_.get());
    auto table = entries();
    if (!table)
        return table.error();
    auto taken = [&](std::uint32_t i) {
        return std::any_of(table->begin(), table->end(), [&](auto& e) {
            return e.action == XGW_AOE_ACT_XSK && e.arg == i &&
                   !(e.ifindex == entry.ifindex && e.address == entry.address);
        });
    };
    std::uint32_t index = entry.action == XGW_AOE_ACT_XSK ? entry.arg : 0;
    while (index < XGW_AOE_MAX_TARGETS && taken(index))
        index++;
    if (index >= XGW_AOE_MAX_TARGETS)
        return make_error(Errc::Conflict, "every AF_XDP slot is taken");
    if (bpf_map_update_elem(fd(kXsks), &index, &xsk_fd, BPF_ANY) != 0)
        return Error::from_errno(errno, "put the AF_XDP socket in xgw_aoe_xsks");
    entry.action = XGW_AOE_ACT_XSK;
    entry.arg = index;
    if (auto ok = upsert_locked(entry, std::move(*table)); !ok)
        return ok.error();
    return index;
}

Result<void> AoeSteering::clear_xsk(std::uint32_t index) const {
    if (bpf_map_delete_elem(fd(kXsks), &index) != 0 && errno != ENOENT)
        return Error::from_errno(errno, "remove the AF_XDP socket from xgw_aoe_xsks");
    return {};
}

Result<void> AoeSteering::enable_cpu(std::uint32_t cpu) const {
    bpf_cpumap_val v{};
    // A queue that exists stays: writing the entry again would replace it, and the frames on
    // their way into the old one would be dropped with it.
    if (bpf_map_lookup_elem(fd(kCpus), &cpu, &v) == 0 && v.qsize >= kCpuQueue)
        return {};
    v = {};
    v.qsize = kCpuQueue;
    if (bpf_map_update_elem(fd(kCpus), &cpu, &v, BPF_ANY) != 0)
        return Error::from_errno(errno, "give CPU " + std::to_string(cpu) + " a cpumap queue");
    return {};
}

} // namespace xgw::aoe
