#include <xgw/daemon/AddressKeeper.h>

#include <xgw/fw/FirewallTables.h>
#include <xgw/fw/MeFollower.h>
#include <xgw/fw/RuleCompiler.h>
#include <xgw/nat/NatState.h>

#include <algorithm>
#include <cstring>

namespace xgw::daemon {

namespace {

std::vector<std::uint32_t> ipv4_of(const std::vector<fw::IpPrefix>& addresses) {
    std::vector<std::uint32_t> out;
    for (const auto& a : addresses)
        if (a.family == fw::IpFamily::V4) {
            std::uint32_t v;
            std::memcpy(&v, a.addr.data(), 4);
            out.push_back(v);
        }
    return out;
}

} // namespace

Result<std::size_t> AddressKeeper::sync() {
    auto tables = fw::FirewallTables::open(paths_);
    if (!tables)
        return tables.error();
    if (auto ok = fw::sync_host_addresses(*tables, paths_); !ok)
        return ok.error();
    auto now = ipv4_of(fw::current_host().addresses);
    std::vector<std::uint32_t> gone;
    for (std::uint32_t a : ipv4_)
        if (std::find(now.begin(), now.end(), a) == now.end())
            gone.push_back(a);
    ipv4_ = std::move(now);
    if (gone.empty())
        return std::size_t(0);
    auto nat = nat::NatState::open(paths_);
    if (!nat)
        return nat.error();
    return nat->remove_translated_to(gone);
}

} // namespace xgw::daemon
