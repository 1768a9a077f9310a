#include "Commands.h"
#include "FamilyOption.h"

#include <xgw/route/RoutePrinter.h>
#include <xgw/route/RouteTable.h>

#include <fstream>
#include <iostream>
#include <sstream>

namespace xgw::cli {
namespace {

using namespace xgw::route;

struct RouteArgs {
    std::string family;
    std::string table = "main";
    bool numeric = false;
    bool json = false;
    std::vector<std::string> words;
    std::string file;
};

Result<RouteQuery> query_of(const RouteArgs& a) {
    RouteQuery q{family_of(a.family), std::nullopt};
    if (a.table == "all")
        return q;
    auto t = parse_table(a.table);
    if (!t)
        return t.error();
    q.table = *t;
    return q;
}

nlohmann::json to_json(const RouteEntry& e) {
    nlohmann::json j{{"destination", e.dest.length == 0 ? "default" : e.dest.str()},
                     {"family", e.dest.family == IpFamily::V4 ? "inet" : "inet6"},
                     {"prefix_len", e.dest.length},
                     {"gateway", e.gateway ? nlohmann::json(e.gateway->str()) : nlohmann::json()},
                     {"flags", route_flags(e)},
                     {"metric", e.metric},
                     {"table", table_name(e.table)},
                     {"dev", e.dev},
                     {"protocol", e.protocol}};
    if (e.dest.family == IpFamily::V4)
        j["genmask"] = netmask_str(e.dest.length);
    return j;
}

Result<void> show(const RouteArgs& a) {
    auto q = query_of(a);
    if (!q)
        return q.error();
    auto nl = Netlink::open();
    if (!nl)
        return nl.error();
    auto routes = list_routes(*nl, *q);
    if (!routes)
        return routes.error();
    if (a.json) {
        nlohmann::json j{{"routes", nlohmann::json::array()}};
        for (const auto& e : *routes)
            j["routes"].push_back(to_json(e));
        print_json(j);
        return {};
    }
    const bool all = a.family.empty() || a.family == "all";
    for (IpFamily f : {IpFamily::V4, IpFamily::V6}) {
        if (!all && family_of(a.family) != f)
            continue;
        if (f == IpFamily::V6 && all)
            std::cout << '\n';
        std::cout << format_route_table(*routes, {f, a.numeric, !q->table});
    }
    return {};
}

Result<void> change(const RouteArgs& a, RouteOpKind kind) {
    auto specs = parse_route_args(a.words, family_of(a.family));
    if (!specs)
        return specs.error();
    std::vector<RouteOp> ops;
    for (auto& s : *specs)
        ops.push_back({kind, s});
    auto nl = Netlink::open();
    if (!nl)
        return nl.error();
    if (!family_of(a.family))
        if (auto ok = resolve_default_families(*nl, ops); !ok)
            return ok.error();
    return apply_routes(*nl, ops);
}

Result<void> apply(const RouteArgs& a) {
    std::ifstream in(a.file);
    if (!in)
        return Error::from_errno(errno, "read " + a.file);
    std::stringstream text;
    text << in.rdbuf();
    auto ops = parse_route_batch(text.str(), family_of(a.family));
    if (!ops)
        return ops.error().prefix(a.file);
    auto nl = Netlink::open();
    if (!nl)
        return nl.error();
    if (!family_of(a.family))
        if (auto ok = resolve_default_families(*nl, *ops); !ok)
            return ok.error().prefix(a.file);
    if (auto ok = apply_routes(*nl, *ops); !ok)
        return ok.error();
    std::cout << a.file << ": " << ops->size() << " route change(s) applied\n";
    return {};
}

Result<void> flush(const RouteArgs& a) {
    auto q = query_of(a);
    if (!q)
        return q.error();
    auto nl = Netlink::open();
    if (!nl)
        return nl.error();
    auto n = flush_routes(*nl, *q);
    if (!n)
        return n.error();
    std::cout << *n << " route(s) flushed\n";
    return {};
}

void add_change(CLI::App* route, Context& ctx, const char* name, const char* alias,
                RouteOpKind kind) {
    auto a = std::make_shared<RouteArgs>();
    auto* cmd =
        route->add_subcommand(name, kind == RouteOpKind::Add ? "Add routes (all or none)"
                                                             : "Delete routes (all or none)");
    cmd->alias(alias);
    add_family_options(cmd, a->family);
    // route(8) words start with '-' (-net, -host): take everything as it comes.
    cmd->set_help_flag("--help", "Print this help message and exit"); // -h would swallow -host
    cmd->allow_extras();
    cmd->positionals_at_end(false);
    on_run(cmd, ctx, [a, cmd, kind]() -> Result<void> {
        a->words = cmd->remaining();
        return change(*a, kind);
    });
}

} // namespace

void add_route(CLI::App& app, Context& ctx) {
    auto* route = app.add_subcommand("route", "Show and change the kernel's routing tables");
    route->require_subcommand(1);

    auto s = std::make_shared<RouteArgs>();
    auto* show_cmd = route->add_subcommand("show", "Show a routing table, as netstat -rn does");
    show_cmd->add_flag("-n,--numeric", s->numeric, "Numeric addresses (no 'default', '*')");
    show_cmd->add_option("-t,--table", s->table, "Table: main (default), local, a number, or all");
    show_cmd->add_flag("--json", s->json, "Print JSON");
    add_family_options(show_cmd, s->family);
    on_run(show_cmd, ctx, [s] { return show(*s); });

    add_change(route, ctx, "add", "a", RouteOpKind::Add);
    add_change(route, ctx, "delete", "del", RouteOpKind::Delete);

    auto f = std::make_shared<RouteArgs>();
    auto* flush_cmd = route->add_subcommand(
        "flush", "Delete every route of a table that the kernel did not make itself");
    flush_cmd->add_option("-t,--table", f->table, "Table: main (default), a number, or all");
    add_family_options(flush_cmd, f->family);
    on_run(flush_cmd, ctx, [f] { return flush(*f); });

    auto p = std::make_shared<RouteArgs>();
    auto* apply_cmd = route->add_subcommand(
        "apply", "Apply a file of 'add|delete ROUTE' lines: all of it, or none");
    apply_cmd->add_option("FILE", p->file, "The batch file")->required();
    add_family_options(apply_cmd, p->family);
    on_run(apply_cmd, ctx, [p] { return apply(*p); });
}

} // namespace xgw::cli
