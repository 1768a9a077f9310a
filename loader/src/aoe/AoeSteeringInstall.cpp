// Installing a steering table: the inactive generation is cleared and written whole, then one
// index flips, then the old generation goes once no XDP run can still be reading it.
#include <xgw/aoe/AoeSteering.h>

#include <xgw/bpf/TypedMap.h>

#include <bpf/bpf.h>

#include <chrono>
#include <cstring>
#include <map>
#include <thread>

namespace xgw::aoe {
namespace {

// An XDP run lasts microseconds; this is far past the RCU grace period that covers it.
constexpr auto kGrace = std::chrono::milliseconds(20);

xgw_aoe_key key_of(std::uint32_t ifindex, Address a, std::uint32_t gen) {
    xgw_aoe_key k{};
    k.ifindex = ifindex;
    k.shelf = a.shelf;
    k.slot = a.slot;
    k.gen = static_cast<__u8>(gen);
    return k;
}

// The wildcard addresses a table answers, each with the targets it reaches.
std::map<std::pair<std::uint32_t, Address>, xgw_aoe_fanout>
fanouts(const std::vector<SteeringEntry>& table) {
    std::map<std::pair<std::uint32_t, Address>, xgw_aoe_fanout> out;
    for (const auto& e : table) {
        if (e.action == XGW_AOE_ACT_DROP)
            continue;
        for (Address wild : {Address::any(), Address{XGW_AOE_SHELF_ANY, e.address.slot},
                             Address{e.address.shelf, XGW_AOE_SLOT_ANY}}) {
            auto& f = out[{e.ifindex, wild}];
            if (f.count < XGW_AOE_FANOUT) {
                f.member[f.count].shelf = e.address.shelf;
                f.member[f.count].slot = e.address.slot;
                f.count++;
            }
        }
    }
    return out;
}

} // namespace

void AoeSteering::clear_generation(std::uint32_t gen) {
    for (const auto& k : map_keys<xgw_aoe_key>(fd(kTargets)))
        if (k.gen == gen)
            (void)bpf_map_delete_elem(fd(kTargets), &k);
    for (const auto& k : map_keys<xgw_aoe_key>(fd(kFanout)))
        if (k.gen == gen)
            (void)bpf_map_delete_elem(fd(kFanout), &k);
    for (const auto& k : map_keys<xgw_aoe_mac_key>(fd(kMacs)))
        if (k.target.gen == gen)
            (void)bpf_map_delete_elem(fd(kMacs), &k);
}

Result<void> AoeSteering::write_generation(const std::vector<SteeringEntry>& table,
                                           std::uint32_t gen) {
    for (const auto& e : table) {
        auto k = key_of(e.ifindex, e.address, gen);
        xgw_aoe_target t{e.action, e.arg, e.queue, static_cast<__u32>(e.macs.size())};
        if (bpf_map_update_elem(fd(kTargets), &k, &t, BPF_ANY) != 0)
            return Error::from_errno(errno, "write steering entry " + e.address.str());
        for (const auto& mac : e.macs) {
            xgw_aoe_mac_key mk{};
            mk.target = k;
            std::memcpy(mk.mac, mac.bytes.data(), 6);
            __u32 one = 1;
            if (bpf_map_update_elem(fd(kMacs), &mk, &one, BPF_ANY) != 0)
                return Error::from_errno(errno, "write allow-list of " + e.address.str());
        }
    }
    for (const auto& [where, f] : fanouts(table)) {
        auto k = key_of(where.first, where.second, gen);
        if (bpf_map_update_elem(fd(kFanout), &k, &f, BPF_ANY) != 0)
            return Error::from_errno(errno, "write fan-out " + where.second.str());
    }
    return {};
}

Result<void> AoeSteering::install(const std::vector<SteeringEntry>& table) {
    const std::uint32_t live = live_generation(), next = live ^ 1;
    clear_generation(next);
    if (auto ok = write_generation(table, next); !ok) {
        clear_generation(next);
        return ok;
    }
    __u32 zero = 0;
    xgw_aoe_state st{next, 0};
    if (bpf_map_update_elem(fd(kState), &zero, &st, BPF_ANY) != 0)
        return Error::from_errno(errno, "flip the AoE steering generation");
    std::this_thread::sleep_for(kGrace);
    clear_generation(live);
    return {};
}

} // namespace xgw::aoe
