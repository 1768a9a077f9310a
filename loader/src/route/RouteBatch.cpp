// apply_routes: a batch of route changes that lands whole or is undone.
#include <xgw/route/RouteTable.h>

namespace xgw::route {
namespace {

// A spec that names exactly one route: the kernel's default metric made explicit.
RouteSpec exact(RouteSpec spec) {
    if (!spec.metric)
        spec.metric = spec.dest.family == IpFamily::V4 ? 0 : 1024;
    return spec;
}

bool matches(const RouteEntry& e, const RouteSpec& s) {
    return e.dest == s.dest && e.table == s.table && (!s.gateway || e.gateway == s.gateway) &&
           (s.dev.empty() || e.dev == s.dev) && (!s.metric || e.metric == *s.metric) &&
           e.type == RouteType::Unicast;
}

// The route a delete will remove, as the kernel has it, so it can be put back.
Result<RouteSpec> find_route(const Netlink& nl, const RouteSpec& spec) {
    auto routes = list_routes(nl, {spec.dest.family, spec.table});
    if (!routes)
        return routes.error();
    for (const auto& e : *routes)
        if (matches(e, spec))
            return RouteSpec{e.dest, e.gateway, e.dev, e.metric, e.table};
    return make_error(Errc::NotFound, "route delete " + spec.str() + ": no such route");
}

class Undo {
  public:
    explicit Undo(const Netlink& nl) : nl_(nl) {}
    void added(const RouteSpec& s) { steps_.push_back({RouteOpKind::Delete, exact(s)}); }
    void deleted(const RouteSpec& s) { steps_.push_back({RouteOpKind::Add, s}); }

    // Undoes every step in reverse; the batch's error says whether that worked.
    Error roll_back(Error cause) {
        std::string failed;
        for (auto it = steps_.rbegin(); it != steps_.rend(); ++it) {
            auto ok = it->kind == RouteOpKind::Add ? add_route(nl_, it->spec)
                                                   : delete_route(nl_, it->spec);
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
    std::vector<RouteOp> steps_;
};

} // namespace

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
        if (auto ok = delete_route(nl, *found); !ok)
            return undo.roll_back(ok.error());
        undo.deleted(*found);
    }
    return {};
}

} // namespace xgw::route
