// xgw fw table NAME add|delete|flush|destroy|list|refresh|learn|unlearn: the named address
// sets of table(NAME), and the DNS names whose addresses they follow.
#include "Commands.h"
#include "FwTables.h"

#include <xgw/dns/AddressLookup.h>
#include <xgw/dns/HostsFile.h>
#include <xgw/fw/FirewallControl.h>
#include <xgw/fw/FirewallTables.h>
#include <xgw/fw/TableNames.h>

#include <algorithm>
#include <ctime>
#include <iostream>

namespace xgw::cli {

namespace {

struct TableArgs {
    std::string name, verb;
    std::vector<std::string> entries;
    std::string server;
    bool json = false;
};

// The words of add and delete: addresses and prefixes, and host names.
struct Entries {
    std::vector<fw::IpPrefix> prefixes;
    std::vector<std::string> names;
};

Result<Entries> entries_of(const std::vector<std::string>& words) {
    Entries out;
    for (const auto& w : words) {
        auto p = fw::IpPrefix::parse(w);
        if (p)
            out.prefixes.push_back(*p);
        else if (dns::is_host_name(w))
            out.names.push_back(w);
        else
            return make_error(Errc::Usage, "'" + w + "' is neither an address or prefix (" +
                                               p.error().message + ") nor a host name");
    }
    return out;
}

std::string joined(const std::vector<fw::IpPrefix>& v) {
    std::string out;
    for (const auto& p : v)
        out += (out.empty() ? "" : " ") + p.str();
    return out;
}

// Text: the table's own entries one a line, then each name with the addresses it gave.
Result<void> list(const fw::FirewallTables& tables, const fw::TableNames& names,
                  const TableArgs& a) {
    auto entries = tables.list(a.name);
    if (!entries)
        return entries.error();
    auto named = names.of(a.name);
    if (!named)
        return named.error();
    const std::int64_t now = std::time(nullptr);
    if (a.json) {
        nlohmann::json j{{"table", a.name},
                         {"entries", nlohmann::json::array()},
                         {"names", nlohmann::json::array()},
                         {"learn", named->learn}};
        for (const auto& p : *entries)
            j["entries"].push_back(p.str());
        for (const auto& n : named->names) {
            nlohmann::json jn{{"name", n.name},
                              {"addresses", nlohmann::json::array()},
                              {"ttl", n.ttl},
                              {"expires_in", std::max<std::int64_t>(n.expires - now, 0)},
                              {"learned", n.learned}};
            for (const auto& p : n.addresses)
                jn["addresses"].push_back(p.str());
            if (!n.server.empty())
                jn["server"] = n.server;
            if (!n.error.empty())
                jn["error"] = n.error;
            j["names"].push_back(jn);
        }
        print_json(j);
        return {};
    }
    for (const auto& p : named->own(*entries))
        std::cout << p.str() << "\n";
    for (const auto& p : named->learn)
        std::cout << "learn " << p << "\n";
    for (const auto& n : named->names)
        std::cout << n.name << ": " << joined(n.addresses) << (n.addresses.empty() ? "" : " ")
                  << "(ttl " << n.ttl << " s" << (n.learned ? ", learned" : "")
                  << (n.error.empty() ? "" : "; " + n.error) << ")\n";
    return {};
}

Result<void> change(const fw::FirewallTables& tables, const fw::TableNames& names,
                    const TableArgs& a) {
    auto e = entries_of(a.entries);
    if (!e)
        return e.error();
    if (e->prefixes.empty() && e->names.empty())
        return make_error(Errc::Usage, a.verb + " needs at least one address, prefix or name");
    if (!a.server.empty() && (a.verb != "add" || e->names.empty()))
        return make_error(Errc::Usage, "--server goes with names to add");
    // Whatever can be refused is refused before anything changes: names are asked (add) or
    // looked for (delete) first.
    if (a.verb == "add") {
        if (!e->names.empty())
            if (auto ok = names.add(tables, a.name, e->names, a.server, dns::lookup_addresses,
                                    std::time(nullptr));
                !ok)
                return ok;
        if (e->prefixes.empty())
            return {};
        return names.add_addresses(tables, a.name, e->prefixes);
    }
    auto named = names.of(a.name);
    if (!named)
        return named.error();
    for (const auto& n : e->names)
        if (std::none_of(named->names.begin(), named->names.end(),
                         [&](const fw::TableName& t) { return t.name == fw::name_key(n); }))
            return make_error(Errc::NotFound, "table '" + a.name + "' has no name " + n);
    if (!e->prefixes.empty())
        if (auto ok = names.remove_addresses(tables, a.name, e->prefixes); !ok)
            return ok;
    if (e->names.empty())
        return {};
    return names.remove(tables, a.name, e->names);
}

Result<void> run(const TableArgs& a) {
    auto paths = a.verb == "list" ? attached_paths() : state_paths();
    if (!paths)
        return paths.error();
    const fw::TableNames names(*paths);
    if (a.verb == "destroy") {
        // Whether a rule still names the table is the ruleset's to say.
        auto attached = attached_paths();
        if (!attached)
            return attached.error();
        if (auto ok =
                fw::FirewallControl(*attached, fw::current_host(), nullptr).destroy_table(a.name);
            !ok)
            return ok;
        return names.forget(a.name);
    }
    auto tables = fw::FirewallTables::open(*paths);
    if (!tables)
        return tables.error();
    if (a.verb == "list")
        return list(*tables, names, a);
    if (a.verb == "flush") {
        if (auto ok = names.forget(a.name); !ok)
            return ok;
        return tables->flush(a.name);
    }
    if (a.verb == "learn" || a.verb == "unlearn") {
        std::vector<std::string> patterns;
        for (const auto& w : a.entries) {
            auto p = fw::learn_pattern(w);
            if (!p)
                return p.error();
            patterns.push_back(*p);
        }
        if (patterns.empty())
            return make_error(Errc::Usage, a.verb + " needs at least one pattern");
        return a.verb == "learn" ? names.learn(*tables, a.name, patterns)
                                 : names.unlearn(*tables, a.name, patterns);
    }
    if (a.verb == "refresh") {
        auto r = names.refresh(*tables, dns::lookup_addresses, std::time(nullptr), a.name);
        if (!r)
            return r.error();
        if (r->failed)
            return make_error(Errc::Failed, r->errors.front());
        return {};
    }
    return change(*tables, names, a);
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
    cmd->add_option("VERB", a->verb, "add, delete, flush, destroy, list, refresh, learn or unlearn")
        ->required()
        ->check(CLI::IsMember(
            {"add", "delete", "flush", "destroy", "list", "refresh", "learn", "unlearn"}));
    cmd->add_option("ENTRY", a->entries,
                    "Addresses, prefixes or host names (add, delete): a name's A and AAAA "
                    "addresses follow it as its TTL runs out (while xgwd runs); patterns "
                    "(learn, unlearn): '*.example.org' or a name, whose addresses the DNS "
                    "forwarder's answers bring");
    cmd->add_option("--server", a->server,
                    "ADDR[#PORT] of the recursive server that names are asked of (default: "
                    "/etc/resolv.conf's)");
    cmd->add_flag("--json", a->json, "Print JSON (list)");
    on_run(cmd, ctx, [a]() { return run(*a); });
}

} // namespace xgw::cli
