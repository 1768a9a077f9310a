#include <xgw/fw/FibRules.h>

#include <xgw/route/Netlink.h>
#include <xgw/route/PolicyRules.h>

#include <cerrno>
#include <optional>

namespace xgw::fw {

namespace {

route::PolicyRule fib_rule(route::IpFamily family, std::uint32_t table, std::uint32_t index) {
    route::PolicyRule r;
    r.family = family;
    r.priority = kFibRulePriority + index;
    r.fwmark = index << XGW_MARK_FIB_SHIFT;
    r.fwmask = XGW_MARK_FIB_MASK;
    r.table = table;
    r.protocol = kFibRuleProtocol;
    return r;
}

// xgw's rule, by priority, protocol and mark: (table, index).
std::optional<std::pair<std::uint32_t, std::uint32_t>> ours(const route::PolicyRule& r) {
    if (!r.priority || *r.priority <= kFibRulePriority ||
        *r.priority > kFibRulePriority + kMaxFibIndex || r.protocol != kFibRuleProtocol ||
        r.fwmask != XGW_MARK_FIB_MASK || r.action != route::RuleAction::Lookup)
        return std::nullopt;
    const std::uint32_t index = *r.priority - kFibRulePriority;
    if (r.fwmark != index << XGW_MARK_FIB_SHIFT)
        return std::nullopt;
    return std::make_pair(r.table, index);
}

class MemoryFibRules : public FibRuleStore {
  public:
    Result<FibRuleSet> list() override { return rules_; }
    Result<void> add(std::uint32_t table, std::uint32_t index) override {
        rules_.insert({table, index});
        return {};
    }
    Result<void> remove(std::uint32_t table, std::uint32_t index) override {
        rules_.erase({table, index});
        return {};
    }

  private:
    FibRuleSet rules_;
};

class KernelFibRules : public FibRuleStore {
  public:
    Result<FibRuleSet> list() override {
        auto nl = netlink();
        if (!nl)
            return nl.error();
        auto rules = route::list_rules(**nl, std::nullopt);
        if (!rules)
            return rules.error();
        FibRuleSet out;
        for (const auto& r : *rules)
            if (auto mine = ours(r))
                out.insert(*mine);
        return out;
    }

    Result<void> add(std::uint32_t table, std::uint32_t index) override {
        auto nl = netlink();
        if (!nl)
            return nl.error();
        auto v4 = route::add_rule(**nl, fib_rule(route::IpFamily::V4, table, index));
        if (!v4 && v4.error().sys_errno != EEXIST)
            return v4.error();
        auto v6 = route::add_rule(**nl, fib_rule(route::IpFamily::V6, table, index));
        // A kernel without IPv6 has no IPv6 rules to make.
        if (!v6 && v6.error().sys_errno != EEXIST && v6.error().sys_errno != EAFNOSUPPORT) {
            if (v4)
                (void)route::delete_rule(**nl, fib_rule(route::IpFamily::V4, table, index));
            return v6.error();
        }
        return {};
    }

    Result<void> remove(std::uint32_t table, std::uint32_t index) override {
        auto nl = netlink();
        if (!nl)
            return nl.error();
        for (auto family : {route::IpFamily::V4, route::IpFamily::V6}) {
            auto ok = route::delete_rule(**nl, fib_rule(family, table, index));
            if (!ok && ok.error().sys_errno != ENOENT && ok.error().sys_errno != EAFNOSUPPORT)
                return ok.error();
        }
        return {};
    }

  private:
    Result<route::Netlink*> netlink() {
        if (!nl_) {
            auto nl = route::Netlink::open();
            if (!nl)
                return nl.error();
            nl_ = std::make_unique<route::Netlink>(std::move(*nl));
        }
        return nl_.get();
    }
    std::unique_ptr<route::Netlink> nl_;
};

} // namespace

std::unique_ptr<FibRuleStore> memory_fib_rules() { return std::make_unique<MemoryFibRules>(); }

std::unique_ptr<FibRuleStore> kernel_fib_rules() { return std::make_unique<KernelFibRules>(); }

std::set<std::uint32_t> fib_tables(const Ruleset& ruleset) {
    std::set<std::uint32_t> out;
    for (const Rule& r : ruleset.firewall.rules)
        if (r.action.kind == ActionKind::SetFib)
            out.insert(r.action.value);
    return out;
}

Result<FibMap> assign_fib_indexes(const FibRuleSet& present, const std::set<std::uint32_t>& tables) {
    FibMap out;
    std::set<std::uint32_t> used;
    for (const auto& [table, index] : present)
        used.insert(index);
    for (const auto& [table, index] : present)
        if (tables.count(table) && !out.count(table))
            out[table] = index;
    std::uint32_t next = 1;
    for (std::uint32_t table : tables) {
        if (out.count(table))
            continue;
        while (next <= kMaxFibIndex && used.count(next))
            next++;
        if (next > kMaxFibIndex)
            return make_error(Errc::Usage, "setfib: more than " + std::to_string(kMaxFibIndex) +
                                               " routing tables (xgw's mark has 7 bits for them)");
        used.insert(next);
        out[table] = next;
    }
    return out;
}

Result<void> add_fib_rules(FibRuleStore& store, const FibRuleSet& present, const FibMap& wanted) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> added;
    for (const auto& entry : wanted) {
        if (present.count(entry))
            continue;
        if (auto ok = store.add(entry.first, entry.second); !ok) {
            for (const auto& [table, index] : added)
                (void)store.remove(table, index);
            return ok.error().prefix("setfib " + std::to_string(entry.first));
        }
        added.push_back(entry);
    }
    return {};
}

Result<void> prune_fib_rules(FibRuleStore& store, const FibRuleSet& present, const FibMap& wanted) {
    const FibRuleSet snapshot = present; // present may be the store's own set
    for (const auto& [table, index] : snapshot) {
        auto it = wanted.find(table);
        if (it != wanted.end() && it->second == index)
            continue;
        if (auto ok = store.remove(table, index); !ok)
            return ok;
    }
    return {};
}

Result<void> restore_fib_rules(FibRuleStore& store, const FibRuleSet& before) {
    auto now = store.list();
    if (!now)
        return now.error();
    for (const auto& entry : *now)
        if (!before.count(entry))
            if (auto ok = store.remove(entry.first, entry.second); !ok)
                return ok;
    return {};
}

Result<void> sync_fib_rules(FibRuleStore& store, const FibMap& wanted) {
    auto present = store.list();
    if (!present)
        return present.error();
    if (auto ok = prune_fib_rules(store, *present, wanted); !ok)
        return ok;
    return add_fib_rules(store, *present, wanted);
}

} // namespace xgw::fw
