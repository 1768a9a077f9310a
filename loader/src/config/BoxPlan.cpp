#include "BoxPlan.h"

#include "CanonicalRuleset.h"
#include "Services.h"

#include <xgw/fw/FirewallControl.h>
#include <xgw/route/RouteTable.h>

#include <algorithm>
#include <net/if.h>

namespace xgw::config {

namespace {

AttachOptions options_of(const IfaceStatus& st) {
    return {st.mode, false, st.forward, st.acct_only, {}};
}

std::string describe(AttachKind kind, XdpMode mode) {
    return std::string(to_string(kind)) + ", " + std::string(to_string(mode));
}

AttachKind kind_of(const IfaceStatus& st) {
    return st.acct_only ? AttachKind::AcctOnly : st.forward ? AttachKind::Forward : AttachKind::Full;
}

Result<void> attach(const PinPaths& paths, const std::string& name, const AttachOptions& o) {
    auto dp = Datapath::open(paths);
    if (!dp)
        return dp.error();
    auto r = dp->attach(name, o);
    if (!r)
        return r.error().prefix("attach " + name);
    return {};
}

Result<void> detach(const PinPaths& paths, const std::string& name) {
    auto dp = Datapath::open(paths);
    if (!dp)
        return dp.error();
    if (auto ok = dp->detach(name); !ok)
        return ok.error().prefix("detach " + name);
    return {};
}

Result<void> check_sizes(const BoxConfig& config, const RunningState& running) {
    if (!running.tables)
        return {};
    for (const auto& ic : config.interfaces) {
        auto clash = [&](const std::optional<std::uint32_t>& want, std::uint32_t have,
                         const char* what) -> Result<void> {
            if (!want || *want == have)
                return {};
            return make_error(Errc::Conflict,
                              ic.where.str() + ": " + what + " = " + std::to_string(*want) +
                                  ", but the pinned table has " + std::to_string(have) +
                                  " (a table is sized when made: 'xgw detach --all' first)");
        };
        if (auto ok = clash(ic.sizes.flows, running.tables->flows_max, "flows"); !ok)
            return ok;
        if (auto ok = clash(ic.sizes.nat_bindings, running.tables->nat_bindings_max,
                            "nat_bindings");
            !ok)
            return ok;
    }
    return {};
}

// Interfaces to attach or change, in name order; those to detach come last (detach_steps).
Result<void> interface_steps(const BoxConfig& config, const RunningState& running, Plan& plan) {
    const PinPaths paths = running.paths;
    for (const auto& ic : config.interfaces) {
        if (!if_nametoindex(ic.name.c_str()))
            return make_error(Errc::NotFound, ic.where.str() + ": interface " + ic.name +
                                                  " does not exist here");
        auto st = std::find_if(running.interfaces.begin(), running.interfaces.end(),
                               [&](const IfaceStatus& s) { return s.name == ic.name; });
        const AttachOptions want = ic.attach_options();
        if (st == running.interfaces.end()) {
            plan.steps.push_back(
                {{"interfaces", "attach " + ic.name + " (" + describe(ic.attach, ic.mode) + ")", {}},
                 [paths, name = ic.name, want](Rollback& undo) -> Result<void> {
                     if (auto ok = attach(paths, name, want); !ok)
                         return ok;
                     undo.add([paths, name] { (void)detach(paths, name); });
                     return {};
                 }});
            continue;
        }
        const AttachOptions had = options_of(*st);
        const bool mode_differs = ic.mode != XdpMode::Auto && ic.mode != st->mode;
        if (st->acct_only != want.acct_only || mode_differs || !st->present) {
            plan.steps.push_back(
                {{"interfaces",
                  "attach " + ic.name + " again (" + describe(ic.attach, ic.mode) + "; now " +
                      describe(kind_of(*st), st->mode) + (st->present ? "" : ", gone") + ")",
                  {}},
                 [paths, name = ic.name, want, had](Rollback& undo) -> Result<void> {
                     if (auto ok = detach(paths, name); !ok)
                         return ok;
                     undo.add([paths, name, had] { (void)attach(paths, name, had); });
                     if (auto ok = attach(paths, name, want); !ok)
                         return ok;
                     undo.add([paths, name] { (void)detach(paths, name); });
                     return {};
                 }});
        } else if (st->forward != *want.forward) {
            plan.steps.push_back(
                {{"interfaces",
                  std::string("forwarding offload ") + (*want.forward ? "on" : "off") + " on " +
                      ic.name,
                  {}},
                 [paths, name = ic.name, want, had](Rollback& undo) -> Result<void> {
                     if (auto ok = attach(paths, name, want); !ok)
                         return ok;
                     undo.add([paths, name, had] { (void)attach(paths, name, had); });
                     return {};
                 }});
        }
    }
    return {};
}

void detach_steps(const BoxConfig& config, const RunningState& running, Plan& plan) {
    if (!config.manage_interfaces)
        return;
    const PinPaths paths = running.paths;
    for (const auto& st : running.interfaces) {
        if (std::any_of(config.interfaces.begin(), config.interfaces.end(),
                        [&](const InterfaceConfig& ic) { return ic.name == st.name; }))
            continue;
        plan.steps.push_back({{"interfaces", "detach " + st.name, {}},
                              [paths, name = st.name, had = options_of(st)](Rollback& undo)
                                  -> Result<void> {
                                  if (auto ok = detach(paths, name); !ok)
                                      return ok;
                                  undo.add([paths, name, had] { (void)attach(paths, name, had); });
                                  return {};
                              }});
    }
}

// Lines of a that b lacks, marked.
void lines_missing(const std::vector<std::string>& a, const std::vector<std::string>& b,
                   const char* mark, std::vector<std::string>& out) {
    for (const auto& line : a)
        if (std::find(b.begin(), b.end(), line) == b.end())
            out.push_back(mark + line);
}

Result<void> firewall_step(const BoxConfig& config, const RunningState& running, Plan& plan) {
    if (!config.firewall)
        return {};
    const auto& rules = config.firewall->rules;
    auto parsed = fw::parseRuleset(rules.text, {rules.file, &services(), 0});
    if (!parsed.ok())
        return parsed.error();
    const auto want = canonical_lines(*parsed.ruleset, parsed.ruleset->acct.value_or(running.acct));
    const auto have = canonical_lines(running.ruleset, running.acct);
    if (want == have)
        return {};
    Change c{"firewall",
             "load " + rules.file + " (" + std::to_string(parsed.ruleset->firewall.rules.size()) +
                 " rules, NAT and accounting in one generation switch)",
             {}};
    lines_missing(have, want, "- ", c.details);
    lines_missing(want, have, "+ ", c.details);
    if (c.details.empty())
        c.details.push_back("  the same lines in another order");
    const PinPaths paths = running.paths;
    plan.steps.push_back(
        {c, [paths, rules, empty = config.firewall->allow_empty](Rollback& undo) -> Result<void> {
             fw::FirewallControl fwc(paths, fw::current_host(), &services());
             auto r = fwc.load(rules.text, rules.file, fw::LoadOptions{false, empty, true});
             if (!r)
                 return r.error();
             undo.add([fwc, t = r->token]() mutable { (void)fwc.expire(t); });
             return {};
         }});
    return {};
}

bool route_present(const route::RouteSpec& s, const std::vector<route::RouteEntry>& routes) {
    return std::any_of(routes.begin(), routes.end(), [&](const route::RouteEntry& e) {
        return e.dest == s.dest && e.table == s.table && (!s.metric || e.metric == *s.metric) &&
               (!s.gateway || e.gateway == s.gateway) && (s.dev.empty() || e.dev == s.dev) &&
               e.type == route::RouteType::Unicast;
    });
}

route::RouteSpec spec_of(const route::RouteEntry& e) {
    return {e.dest, e.gateway, e.dev, e.metric, e.table};
}

Result<void> route_step(const BoxConfig& config, Plan& plan) {
    if (config.route_ops.empty())
        return {};
    auto nl = route::Netlink::open();
    if (!nl)
        return nl.error();
    auto ops = config.route_ops;
    if (auto ok = route::resolve_default_families(*nl, ops); !ok)
        return ok.error().prefix(config.routes->file);
    auto routes = route::list_routes(*nl, {std::nullopt, std::nullopt});
    if (!routes)
        return routes.error();
    std::vector<route::RouteOp> todo, inverse;
    Change c{"routes", "", {}};
    for (const auto& op : ops) {
        const bool present = route_present(op.spec, *routes);
        if (op.kind == route::RouteOpKind::Add && !present) {
            todo.push_back(op);
            inverse.insert(inverse.begin(), {route::RouteOpKind::Delete, op.spec});
            c.details.push_back("+ " + op.spec.str());
        } else if (op.kind == route::RouteOpKind::Delete && present) {
            todo.push_back(op);
            for (const auto& e : *routes)
                if (route_present(op.spec, {e}))
                    inverse.insert(inverse.begin(), {route::RouteOpKind::Add, spec_of(e)});
            c.details.push_back("- " + op.spec.str());
        }
    }
    if (todo.empty())
        return {};
    c.summary = std::to_string(todo.size()) + " route change(s) from " + config.routes->file;
    plan.steps.push_back({c, [todo, inverse](Rollback& undo) -> Result<void> {
                              auto nl = route::Netlink::open();
                              if (!nl)
                                  return nl.error();
                              if (auto ok = route::apply_routes(*nl, todo); !ok)
                                  return ok;
                              undo.add([inverse] {
                                  if (auto nl = route::Netlink::open())
                                      (void)route::apply_routes(*nl, inverse);
                              });
                              return {};
                          }});
    return {};
}

} // namespace

Result<Plan> make_plan(const BoxConfig& config, const RunningState& running) {
    Plan plan;
    if (auto ok = check_sizes(config, running); !ok)
        return ok.error();
    if (auto ok = interface_steps(config, running, plan); !ok)
        return ok.error();
    if (auto ok = firewall_step(config, running, plan); !ok)
        return ok.error();
    if (auto ok = route_step(config, plan); !ok)
        return ok.error();
    detach_steps(config, running, plan);
    return plan;
}

} // namespace xgw::config
