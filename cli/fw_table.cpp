// xgw fw table NAME add|delete|flush|destroy|list: the named address sets of table(NAME).
#include "Commands.h"
#include "FwTables.h"

#include <xgw/fw/FirewallControl.h>
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
    if (a.verb == "destroy") {
        // Whether a rule still names the table is the ruleset's to say.
        auto paths = attached_paths();
        if (!paths)
            return paths.error();
        return fw::FirewallControl(*paths, fw::current_host(), nullptr).destroy_table(a.name);
    }
    auto tables = open_tables(a.verb != "list");
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

Result<fw::FirewallTables> open_tables(bool change) {
    auto paths = change ? state_paths() : attached_paths();
    if (!paths)
        return paths.error();
    return fw::FirewallTables::open(*paths);
}

void add_fw_table(CLI::App* fwcmd, Context& ctx) {
    auto a = std::make_shared<TableArgs>();
    auto* cmd = fwcmd->add_subcommand(
        "table", "Change or list a named address table of table(NAME), without a reload");
    cmd->add_option("NAME", a->name, "Table name (1-31 characters)")->required();
    cmd->add_option("VERB", a->verb, "add, delete, flush, destroy or list")
        ->required()
        ->check(CLI::IsMember({"add", "delete", "flush", "destroy", "list"}));
    cmd->add_option("ADDR", a->addresses, "Addresses or prefixes (add, delete)");
    cmd->add_flag("--json", a->json, "Print JSON (list)");
    on_run(cmd, ctx, [a]() { return run(*a); });
}

} // namespace xgw::cli
