#include <xgw/route/PolicyRules.h>

#include "KernelMessage.h"
#include "NlAddr.h"

#include <xgw/route/RuleDeletion.h>

#include <linux/fib_rules.h>
#include <netlink/msg.h>
#include <netlink/route/rule.h>

#include <memory>

namespace xgw::route {
namespace {

struct RuleFree {
    void operator()(rtnl_rule* r) const { rtnl_rule_put(r); }
};

std::optional<IpPrefix> prefix_of(nl_addr* a, IpFamily family) {
    if (!a || nl_addr_get_len(a) == 0)
        return std::nullopt;
    return from_nl_addr(a, family);
}

RuleAction action_of(std::uint8_t a) {
    switch (a) {
    case FR_ACT_TO_TBL:
        return RuleAction::Lookup;
    case FR_ACT_BLACKHOLE:
        return RuleAction::Blackhole;
    case FR_ACT_UNREACHABLE:
        return RuleAction::Unreachable;
    case FR_ACT_PROHIBIT:
        return RuleAction::Prohibit;
    default:
        return RuleAction::Other;
    }
}

PolicyRule from_nl(rtnl_rule* r) {
    PolicyRule rule;
    rule.family = rtnl_rule_get_family(r) == AF_INET6 ? IpFamily::V6 : IpFamily::V4;
    rule.priority = rtnl_rule_get_prio(r);
    rule.from = prefix_of(rtnl_rule_get_src(r), rule.family);
    rule.to = prefix_of(rtnl_rule_get_dst(r), rule.family);
    if (std::uint32_t mark = rtnl_rule_get_mark(r); mark != 0 && mark != 0xffffffffu) {
        rule.fwmark = mark;
        rule.fwmask = rtnl_rule_get_mask(r);
    }
    if (const char* iif = rtnl_rule_get_iif(r))
        rule.iif = iif;
    if (const char* oif = rtnl_rule_get_oif(r))
        rule.oif = oif;
    rule.action = action_of(rtnl_rule_get_action(r));
    rule.table = rtnl_rule_get_table(r);
    (void)rtnl_rule_get_protocol(r, &rule.protocol);
    return rule;
}

void set_prefix(rtnl_rule* r, const IpPrefix& p, bool src) {
    NlAddr a = to_nl_addr(p);
    if (a)
        src ? rtnl_rule_set_src(r, a.get()) : rtnl_rule_set_dst(r, a.get());
}

std::unique_ptr<rtnl_rule, RuleFree> to_nl(const PolicyRule& rule) {
    std::unique_ptr<rtnl_rule, RuleFree> r(rtnl_rule_alloc());
    if (!r)
        return r;
    rtnl_rule_set_family(r.get(), af(rule.family));
    if (rule.priority)
        rtnl_rule_set_prio(r.get(), *rule.priority);
    if (rule.from)
        set_prefix(r.get(), *rule.from, true);
    if (rule.to)
        set_prefix(r.get(), *rule.to, false);
    if (rule.fwmark) {
        rtnl_rule_set_mark(r.get(), *rule.fwmark);
        rtnl_rule_set_mask(r.get(), rule.fwmask.value_or(0xffffffffu));
    }
    if (!rule.iif.empty())
        rtnl_rule_set_iif(r.get(), rule.iif.c_str());
    if (!rule.oif.empty())
        rtnl_rule_set_oif(r.get(), rule.oif.c_str());
    if (rule.table) {
        rtnl_rule_set_action(r.get(), FR_ACT_TO_TBL);
        rtnl_rule_set_table(r.get(), rule.table);
    }
    if (rule.protocol)
        rtnl_rule_set_protocol(r.get(), rule.protocol);
    return r;
}

struct KernelRule {
    PolicyRule rule;
    KernelMessage message;
};

// One dump per family (AF_UNSPEC would bring the multicast routing rules too), parsed one
// message at a time: libnl's rule cache merges entries.
Result<std::vector<KernelRule>> dump_rules(const Netlink& nl, std::optional<IpFamily> family) {
    std::vector<KernelRule> out;
    for (IpFamily f : {IpFamily::V4, IpFamily::V6}) {
        if (family && *family != f)
            continue;
        auto ok = nl.dump(
            RTM_GETRULE, af(f),
            [&](nl_msg* msg) {
                std::optional<PolicyRule> parsed;
                nl_msg_parse(
                    msg,
                    [](nl_object* o, void* arg) {
                        *static_cast<std::optional<PolicyRule>*>(arg) =
                            from_nl(reinterpret_cast<rtnl_rule*>(o));
                    },
                    &parsed);
                if (parsed)
                    out.push_back({std::move(*parsed), KernelMessage(nlmsg_hdr(msg))});
            },
            "list rules");
        if (!ok)
            return ok.error();
    }
    return out;
}

} // namespace

Result<std::vector<PolicyRule>> list_rules(const Netlink& nl, std::optional<IpFamily> family) {
    auto dumped = dump_rules(nl, family);
    if (!dumped)
        return dumped.error();
    std::vector<PolicyRule> out;
    for (auto& k : *dumped)
        out.push_back(std::move(k.rule));
    return out;
}

Result<void> add_rule(const Netlink& nl, const PolicyRule& rule) {
    const std::string what = "rule add " + describe_rule(rule);
    if (!rule.table)
        return make_error(Errc::Usage, what + ": a rule needs 'table T' (the table it looks up)");
    PolicyRule stamped = rule;
    if (!stamped.protocol)
        stamped.protocol = kXgwRuleProtocol; // how a later delete knows the rule is xgw's
    auto r = to_nl(stamped);
    nl_msg* msg = nullptr;
    if (int err = r ? rtnl_rule_build_add_request(r.get(), NLM_F_EXCL, &msg) : -NLE_NOMEM; err < 0)
        return nl_failure(err, what);
    return nl.request(msg, what);
}

Result<void> delete_rule(const Netlink& nl, const PolicyRule& rule) {
    const std::string what = "rule delete " + describe_rule(rule);
    auto r = to_nl(rule);
    nl_msg* msg = nullptr;
    if (int err = r ? rtnl_rule_build_delete_request(r.get(), 0, &msg) : -NLE_NOMEM; err < 0)
        return nl_failure(err, what);
    auto ok = nl.request(msg, what);
    if (!ok && ok.error().sys_errno == ENOENT)
        ok.error().message = what + ": no such rule";
    return ok;
}

Result<PolicyRule> delete_named_rule(const Netlink& nl, const PolicyRule& named, bool force) {
    auto dumped = dump_rules(nl, named.family);
    if (!dumped)
        return dumped.error();
    std::vector<PolicyRule> rules;
    for (const auto& k : *dumped)
        rules.push_back(k.rule);
    auto index = rule_to_delete(rules, named, force);
    if (!index)
        return index.error();
    const KernelRule& chosen = (*dumped)[*index];
    // The kernel's own message: it names every attribute, so exactly this rule goes.
    if (auto ok =
            chosen.message.send(nl, RTM_DELRULE, 0, "rule delete " + describe_rule(chosen.rule));
        !ok)
        return ok.error();
    return chosen.rule;
}

} // namespace xgw::route
