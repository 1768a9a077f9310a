// xgw fw table NAME add|delete|flush|list: the named address sets of table(NAME).
#include "Commands.h"
#include "FwTables.h"

#include <xgw/fw/FirewallTables.h>

#include <iostream>

namespace xgw::cli {

namespace {

struct TableArgs {
    std::string name, verb;
    std::vector<std::string> addresses;
    bool json = false;
};

Result<std::vector<fw::IpPrefix>> prefixes(const std::vector<std::string>& words) {
    std::vector<fw::IpPrefix> out;
    for (const auto& w : words) {
        auto p = fw::IpPrefix::parse(w);
        if (!p)
            return make_error(Errc::Usage, "'" + w + "': " + p.error().message);
        out.push_back(*p);
    }
    return out;
}

Result<void> list(const fw::FirewallTables& tables, const TableArgs& a) {
    auto entries = tables.list(a.name);
    if (!entries)
        return entries.error();
    if (a.json) {
        nlohmann::json j{{"table", a.name}, {"entries", nlohmann::json::array()}};
        for (const auto& p : *entries)
            j["entries"].push_back(p.str());
        print_json(j);
        return {};
    }
    for (const auto& p : *entries)
        std::cout << p.str() << "\n";
    return {};
}

Result<void> run(const TableArgs& a) {
    auto tables = open_tables();
    if (!tables)
        return tables.error();
    if (a.verb == "list")
        return list(*tables, a);
    if (a.verb == "flush")
        return tables->flush(a.name);
    auto ps = prefixes(a.addresses);
    if (!ps)
        return ps.error();
    if (ps->empty())
        return make_error(Errc::Usage, a.verb + " needs at least one address or prefix");
    return a.verb == "add" ? tables->add(a.name, *ps) : tables->remove(a.name, *ps);
}

} // namespace

Result<fw::FirewallTables> open_tables() {
    auto dp = open_datapath();
    if (!dp)
        return dp.error();
    if (auto ok = dp->ensure_state(); !ok)
        return ok.error();
    return fw::FirewallTables::open(dp->paths());
}

void add_fw_table(CLI::App* fwcmd, Context& ctx) {
    auto a = std::make_shared<TableArgs>();
    auto* cmd = fwcmd->add_subcommand(
        "table", "Change or list a named address table of table(NAME), without a reload");
    cmd->add_option("NAME", a->name, "Table name (1-31 characters)")->required();
    cmd->add_option("VERB", a->verb, "add, delete, flush or list")
        ->required()
        ->check(CLI::IsMember({"add", "delete", "flush", "list"}));
    cmd->add_option("ADDR", a->addresses, "Addresses or prefixes (add, delete)");
    cmd->add_flag("--json", a->json, "Print JSON (list)");
    on_run(cmd, ctx, [a]() { return run(*a); });
}

} // namespace xgw::cli
