#include <xgw/fw/RuleCompiler.h>

#include "FieldImages.h"

#include <ifaddrs.h>
#include <net/if.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cstring>
#include <deque>

namespace xgw::fw {

namespace {

xgw_fw_action action_code(ActionKind kind) {
    switch (kind) {
    case ActionKind::Allow:
        return XGW_FW_ALLOW;
    case ActionKind::Deny:
        return XGW_FW_DENY;
    case ActionKind::Reject:
        return XGW_FW_REJECT;
    case ActionKind::Unreach:
        return XGW_FW_UNREACH;
    case ActionKind::Count:
        return XGW_FW_COUNT;
    case ActionKind::Skipto:
        return XGW_FW_SKIPTO;
    case ActionKind::CheckState:
        return XGW_FW_CHECK_STATE;
    case ActionKind::SetMark:
    case ActionKind::SetFib:
        return XGW_FW_SETMARK;
    case ActionKind::Fwd:
        return XGW_FW_FWD;
    }
    return XGW_FW_DENY;
}

// An ipsec rule is an inbound rule: only inbound packets carry an SA the data path can read.
bool in_direction(const Rule& r, xgw_dir dir) {
    if (r.options.ipsec && dir != XGW_DIR_INGRESS)
        return false;
    return r.options.direction == Direction::Both ||
           (r.options.direction == Direction::In) == (dir == XGW_DIR_INGRESS);
}

template <class T> std::uint32_t intern(std::vector<T>& table, const T& value) {
    auto same = [&](const T& t) { return std::memcmp(&t, &value, sizeof(T)) == 0; };
    auto it = std::find_if(table.begin(), table.end(), same);
    if (it == table.end())
        it = table.insert(table.end(), value);
    return static_cast<std::uint32_t>(it - table.begin());
}

xgw_fw_nexthop nexthop_record(const IpPrefix& addr) {
    xgw_fw_nexthop nh{};
    std::memcpy(nh.addr, addr.addr.data(), addr.family == IpFamily::V4 ? 4 : 16);
    nh.v6 = addr.family == IpFamily::V6;
    return nh;
}

xgw_fw_ipsec ipsec_record(const IpsecMatch& m) {
    xgw_fw_ipsec rec{};
    if (m.spi) {
        rec.fields |= XGW_FW_IPSEC_SPI;
        rec.spi = htonl(*m.spi);
    }
    if (m.reqid) {
        rec.fields |= XGW_FW_IPSEC_REQID;
        rec.reqid = *m.reqid;
    }
    if (m.tunnel_src) {
        const bool v6 = m.tunnel_src->family == IpFamily::V6;
        rec.fields |= XGW_FW_IPSEC_SRC | (v6 ? XGW_FW_IPSEC_SRC6 : 0);
        rec.src_len = m.tunnel_src->length;
        std::memcpy(rec.src, m.tunnel_src->addr.data(), v6 ? 16 : 4);
    }
    return rec;
}

// What a setmark, setfib or fwd rule's record carries; the next hops and SAs go to out.
Result<void> policy_fields(const Rule& r, const HostContext& host, CompiledRuleset& out,
                           xgw_fw_rule& rec) {
    if (r.action.kind == ActionKind::SetMark) {
        rec.arg = r.action.value;
        rec.mask = r.action.mask;
    } else if (r.action.kind == ActionKind::SetFib) {
        if (!host.fib_mark)
            return make_error(Errc::Unsupported, "setfib needs xgw's policy routing rules");
        auto mark = host.fib_mark(r.action.value);
        if (!mark)
            return mark.error();
        rec.arg = *mark;
        rec.mask = XGW_MARK_FIB_MASK;
    } else if (r.action.kind == ActionKind::Fwd && r.action.nexthop) {
        rec.arg = intern(out.nexthops, nexthop_record(*r.action.nexthop));
    }
    if (r.options.ipsec) {
        rec.flags |= XGW_FW_R_IPSEC;
        rec.ipsec = intern(out.ipsec, ipsec_record(*r.options.ipsec));
    }
    if (out.nexthops.size() > XGW_FW_MAX_NEXTHOPS || out.ipsec.size() > XGW_FW_MAX_IPSEC)
        return make_error(Errc::Usage, "the ruleset has more than " +
                                           std::to_string(XGW_FW_MAX_NEXTHOPS) +
                                           " fwd next hops or " +
                                           std::to_string(XGW_FW_MAX_IPSEC) + " ipsec options");
    return {};
}

// One direction's rules in evaluation order, with each one's ordinal in the whole ruleset.
// A keep-state rule of the other direction is here too, as a bodiless check-state (a stub):
// ipfw consults the flow table at any keep-state rule reached, before looking at its body.
struct DirList {
    DirRules rules;
    std::vector<std::uint32_t> ordinals;
    std::deque<Rule> stubs; // stable addresses for rules
};

DirList dir_list(const Ruleset& ruleset, xgw_dir dir) {
    DirList out;
    const auto& all = ruleset.firewall.rules;
    for (std::size_t i = 0; i < all.size(); i++) {
        const Rule* r = &all[i];
        if (!in_direction(all[i], dir)) {
            if (!all[i].options.keep_state)
                continue;
            Rule& stub = out.stubs.emplace_back();
            stub.number = all[i].number;
            stub.action.kind = ActionKind::CheckState;
            r = &stub;
        }
        out.rules.push_back(r);
        out.ordinals.push_back(static_cast<std::uint32_t>(i));
    }
    return out;
}

bool is_probe(const Rule& r) {
    return r.options.keep_state || r.action.kind == ActionKind::CheckState;
}

// The probe and probe_only bitsets of the direction (see xgw_fw_gen_dir).
void probe_image(const DirRules& rules, BitsetStore& store, DirImage& img) {
    RuleBits probe(rules.size()), probe_only(rules.size());
    for (std::size_t i = 0; i < rules.size(); i++) {
        if (is_probe(*rules[i]))
            probe.set(i);
        if (rules[i]->action.kind == ActionKind::CheckState)
            probe_only.set(i);
    }
    img.probe = store.intern(probe);
    img.probe_only = store.intern(probe_only);
}

// The rule records of one direction; counter carries the rule's ordinal in the whole ruleset.
Result<std::vector<xgw_fw_rule>> rule_records(const DirList& list, const HostContext& host,
                                              CompiledRuleset& compiled) {
    const DirRules& rules = list.rules;
    std::vector<xgw_fw_rule> out;
    for (std::size_t i = 0; i < rules.size(); i++) {
        const Rule& r = *rules[i];
        xgw_fw_rule rec{};
        rec.number = r.number;
        rec.action = action_code(r.action.kind);
        rec.counter = list.ordinals[i];
        if (r.log) {
            rec.flags |= XGW_FW_R_LOG;
            rec.log_amount = r.log->amount.value_or(XGW_FW_LOG_DEFAULT_AMOUNT);
        }
        if (r.options.keep_state)
            rec.flags |= XGW_FW_R_KEEP_STATE;
        if (is_probe(r))
            rec.flags |= XGW_FW_R_CHECKS_STATE;
        if (r.action.kind == ActionKind::Unreach)
            rec.arg = r.action.argument;
        if (r.action.kind == ActionKind::Skipto) {
            // The first rule of this direction numbered at or above the target.
            auto it = std::find_if(rules.begin(), rules.end(),
                                   [&](const Rule* o) { return o->number >= r.action.argument; });
            rec.arg = static_cast<std::uint32_t>(it - rules.begin());
        }
        if (auto ok = policy_fields(r, host, compiled, rec); !ok)
            return ok.error();
        out.push_back(rec);
    }
    return out;
}

} // namespace

Result<CompiledRuleset> compile_ruleset(const Ruleset& ruleset, const HostContext& host,
                                        std::uint32_t default_action) {
    CompiledRuleset out;
    out.default_action = default_action;
    BitsetStore store;
    for (const Rule& r : ruleset.firewall.rules)
        out.has_state |= is_probe(r);
    for (xgw_dir dir : {XGW_DIR_INGRESS, XGW_DIR_EGRESS}) {
        const DirList list = dir_list(ruleset, dir);
        const DirRules& rules = list.rules;
        if (rules.size() > XGW_FW_MAX_RULES)
            return make_error(Errc::Usage, "the ruleset has " + std::to_string(rules.size()) +
                                               " rules for one direction; xgw takes " +
                                               std::to_string(XGW_FW_MAX_RULES));
        DirImage& img = out.dir[dir];
        auto records = rule_records(list, host, out);
        if (!records)
            return records.error();
        img.rules = std::move(*records);
        probe_image(rules, store, img);
        img.fields_used = fields_used(rules, dir);
        auto used = [&](xgw_fw_field f) { return img.fields_used & (1u << f); };
        if (used(XGW_FW_F_SRC)) {
            img.src4 = address_image(rules, false, IpFamily::V4, store);
            img.src6 = address_image(rules, false, IpFamily::V6, store);
        }
        if (used(XGW_FW_F_DST)) {
            img.dst4 = address_image(rules, true, IpFamily::V4, store);
            img.dst6 = address_image(rules, true, IpFamily::V6, store);
        }
        if (used(XGW_FW_F_SPORT))
            img.sport = port_image(rules, false, store);
        if (used(XGW_FW_F_DPORT))
            img.dport = port_image(rules, true, store);
        if (used(XGW_FW_F_PROTO))
            img.proto = proto_image(rules, store);
        if (used(XGW_FW_F_FLAGS))
            img.flags = flags_image(rules, store);
        if (used(XGW_FW_F_ICMP))
            img.icmp = icmp_image(rules, store);
        if (used(XGW_FW_F_TESTS))
            if (auto ok = tests_image(rules, host, store, img); !ok)
                return ok.error();
        std::vector<std::string> missing;
        if (used(XGW_FW_F_IFACE))
            missing = iface_image(rules, dir, host, store, img);
        if (used(XGW_FW_F_RECV))
            for (auto& name : recv_image(rules, host, store, img))
                if (std::find(missing.begin(), missing.end(), name) == missing.end())
                    missing.push_back(name);
        for (const auto& name : missing)
            out.warnings.push_back("no interface '" + name +
                                   "' here: its rules match nothing until it exists and the "
                                   "ruleset is loaded again");
        if (store.size() > XGW_FW_MAX_BITSETS / XGW_FW_GENERATIONS)
            return make_error(Errc::Usage,
                              "the ruleset needs " + std::to_string(store.size()) +
                                  " distinct rule sets per field value; xgw holds " +
                                  std::to_string(XGW_FW_MAX_BITSETS / XGW_FW_GENERATIONS));
    }
    out.bitsets = store.take();
    return out;
}

HostContext current_host() {
    HostContext host;
    ifaddrs* list = nullptr;
    if (getifaddrs(&list) == 0) {
        for (ifaddrs* a = list; a; a = a->ifa_next) {
            if (!a->ifa_addr)
                continue;
            IpPrefix p;
            if (a->ifa_addr->sa_family == AF_INET) {
                auto* sin = reinterpret_cast<sockaddr_in*>(a->ifa_addr);
                std::memcpy(p.addr.data(), &sin->sin_addr, 4);
                p.length = 32;
            } else if (a->ifa_addr->sa_family == AF_INET6) {
                auto* sin6 = reinterpret_cast<sockaddr_in6*>(a->ifa_addr);
                p.family = IpFamily::V6;
                std::memcpy(p.addr.data(), &sin6->sin6_addr, 16);
                p.length = 128;
            } else {
                continue;
            }
            host.addresses.push_back(p);
        }
        freeifaddrs(list);
    }
    host.ifindex = [](const std::string& name) -> std::optional<std::uint32_t> {
        unsigned idx = if_nametoindex(name.c_str());
        return idx ? std::optional<std::uint32_t>(idx) : std::nullopt;
    };
    return host;
}

} // namespace xgw::fw
