#include "RunningState.h"

#include "Services.h"

#include <xgw/Privileges.h>
#include <xgw/acct/Accounting.h>
#include <xgw/fw/FirewallControl.h>
#include <xgw/route/RouteTable.h>

#include <filesystem>

namespace xgw::config {

Result<RunningState> read_running_state() {
    if (auto ok = check_privileges(); !ok)
        return ok.error();
    auto paths = PinPaths::for_current_netns();
    if (!paths)
        return paths.error();
    RunningState rs;
    rs.paths = *paths;
    auto dp = Datapath::open(*paths);
    if (!dp)
        return dp.error();
    rs.has_state = dp->has_state();
    if (!rs.has_state)
        return rs;
    auto ifaces = dp->status();
    if (!ifaces)
        return ifaces.error();
    rs.interfaces = std::move(*ifaces);
    auto tables = dp->tables();
    if (!tables)
        return tables.error();
    rs.tables = *tables;
    if (!std::filesystem::exists(paths->map("xgw_fw_rules")))
        return rs;
    fw::FirewallControl fwc(*paths, fw::current_host(), &services());
    auto saved = fwc.save();
    if (!saved)
        return saved.error();
    auto parsed = fw::parseRuleset(*saved, {"<ruleset in force>", &services(), 0});
    if (!parsed.ok())
        return parsed.error();
    rs.ruleset = std::move(*parsed.ruleset);
    rs.acct = rs.ruleset.acct.value_or(acct::Definitions{});
    rs.has_ruleset = !rs.ruleset.firewall.rules.empty() || !rs.ruleset.nat.empty() ||
                     rs.acct != acct::Definitions{};
    return rs;
}

Result<std::vector<route::RouteEntry>> configurable_routes() {
    auto nl = route::Netlink::open();
    if (!nl)
        return nl.error();
    auto all = route::list_routes(*nl, {std::nullopt, std::nullopt});
    if (!all)
        return all.error();
    std::vector<route::RouteEntry> out;
    for (auto& e : *all)
        if (e.type == route::RouteType::Unicast && e.table != 255 &&
            (e.protocol == "static" || e.protocol == "boot"))
            out.push_back(std::move(e));
    return out;
}

} // namespace xgw::config
