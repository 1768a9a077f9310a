// apply_routes: a batch of route changes that lands whole or is undone.
#include "KernelRoute.h"

#include <xgw/route/RouteTable.h>

#include <algorithm>
#include <variant>

namespace xgw::route {
namespace {

// A spec that names exactly one route: the kernel's default metric made explicit.
RouteSpec exact(RouteSpec spec) {
    if (!spec.metric)
        spec.metric = spec.dest.family == IpFamily::V4 ? 0 : 1024;
    return spec;
}

bool hop_matches(const RouteEntry& e, const RouteSpec& s) {
    return (!s.gateway || e.gateway == s.gateway) && (s.dev.empty() || e.dev == s.dev);
}

bool matches(const KernelRoute& r, const RouteSpec& s) {
    const RouteEntry& e = r.hops.front();
    return e.dest == s.dest && e.table == s.table && (!s.metric || e.metric == *s.metric) &&
           e.type == RouteType::Unicast &&
           std::any_of(r.hops.begin(), r.hops.end(),
                       [&](const RouteEntry& h) { return hop_matches(h, s); });
}

std::string hops_text(const KernelRoute& r) {
    std::string out;
    for (const auto& h : r.hops)
        out += std::string(out.empty() ? "" : ", ") + (h.gateway ? "via " + h.gateway->str() : "") +
               (h.gateway && !h.dev.empty() ? " " : "") + (h.dev.empty() ? "" : "dev " + h.dev);
    return out;
}

// The route a delete will remove, as the kernel has it, so it can be put back.
Result<KernelRoute> find_route(const Netlink& nl, const RouteSpec& spec) {
    auto routes = dump_kernel_routes(nl, {spec.dest.family, spec.table});
    if (!routes)
        return routes.error();
    const std::string what = "route delete " + spec.str();
    for (auto& r : *routes) {
        if (!matches(r, spec))
            continue;
        // Removing one next hop of several is not what route(8) words can say; all of them
        // going because one was named would be a surprise.
        if (r.hops.size() > 1 && (spec.gateway || !spec.dev.empty()))
            return make_error(Errc::Usage,
                              what + ": that route has " + std::to_string(r.hops.size()) +
                                  " next hops (" + hops_text(r) +
                                  "); name it without gw and dev to delete all of them");
        return std::move(r);
    }
    return make_error(Errc::NotFound, what + ": no such route");
}

class Undo {
  public:
    explicit Undo(const Netlink& nl) : nl_(nl) {}
    void added(const RouteSpec& s) { steps_.emplace_back(exact(s)); }
    void deleted(KernelRoute r) { steps_.emplace_back(std::move(r)); }

    // Undoes every step in reverse; the batch's error says whether that worked.
    Error roll_back(Error cause) {
        std::string failed;
        for (auto it = steps_.rbegin(); it != steps_.rend(); ++it) {
            auto ok =
                std::holds_alternative<RouteSpec>(*it)
                    ? delete_route(nl_, std::get<RouteSpec>(*it))
                    : restore_route(nl_, std::get<KernelRoute>(*it), "put a deleted route back");
            if (!ok)
                failed += "; " + ok.error().message;
        }
        if (steps_.empty())
            return cause;
        cause.message +=
            failed.empty()
                ? " (the " + std::to_string(steps_.size()) + " change(s) before it were undone)"
                : " (undoing the changes before it failed too" + failed + ")";
        return cause;
    }

  private:
    const Netlink& nl_;
    // A route the batch added (deleted again by its spec), or one it deleted (added back whole).
    std::vector<std::variant<RouteSpec, KernelRoute>> steps_;
};

} // namespace

Result<void> resolve_default_families(const Netlink& nl, std::vector<RouteOp>& ops) {
    for (auto& op : ops) {
        RouteSpec& s = op.spec;
        if (op.kind != RouteOpKind::Delete || s.dest.length != 0 || s.gateway)
            continue;
        std::vector<IpFamily> held;
        for (IpFamily f : {IpFamily::V4, IpFamily::V6}) {
            RouteSpec probe = s;
            probe.dest.family = f;
            auto routes = dump_kernel_routes(nl, {f, s.table});
            if (!routes)
                return routes.error();
            if (std::any_of(routes->begin(), routes->end(),
                            [&](const KernelRoute& r) { return matches(r, probe); }))
                held.push_back(f);
        }
        if (held.size() == 2)
            return make_error(Errc::Usage, "route delete " + s.str() + ": table " +
                                               table_name(s.table) +
                                               " holds an IPv4 and an IPv6 default route; "
                                               "say which with -4 or -6");
        s.dest.family = held.empty() ? IpFamily::V4 : held.front();
    }
    return {};
}

Result<void> apply_routes(const Netlink& nl, const std::vector<RouteOp>& ops) {
    Undo undo(nl);
    for (const auto& op : ops) {
        if (op.kind == RouteOpKind::Add) {
            if (auto ok = add_route(nl, op.spec); !ok)
                return undo.roll_back(ok.error());
            undo.added(op.spec);
            continue;
        }
        auto found = find_route(nl, op.spec);
        if (!found)
            return undo.roll_back(found.error());
        if (auto ok = remove_route(nl, *found, "route delete " + op.spec.str()); !ok)
            return undo.roll_back(ok.error());
        undo.deleted(std::move(*found));
    }
    return {};
}

} // namespace xgw::route
