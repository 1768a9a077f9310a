#include <xgw/fw/PacketCheck.h>

#include <xgw/nat/NatState.h>
#include <xgw/fw/Parser.h>
#include <xgw/route/RouteLookup.h>

#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <net/if.h>

#include <cstring>
#include <sstream>

namespace xgw::fw {

namespace {

// One concrete address of a check: a single host, not a set.
Result<IpPrefix> host_address(const AddressMatch& m, const char* side) {
    if (m.kind != AddressKind::Prefixes || m.negated || m.prefixes.size() != 1 ||
        m.prefixes[0].length != m.prefixes[0].maxLength())
        return make_error(Errc::Usage, std::string("check: the ") + side +
                                           " must be one address (e.g. 192.0.2.1)");
    return m.prefixes[0];
}

void put16(std::vector<std::uint8_t>& b, std::size_t at, std::uint16_t v) {
    b[at] = v >> 8;
    b[at + 1] = v & 0xff;
}

// Ethernet, IPv4 or IPv6, and an 8-byte-or-more L4 header for the rule's protocol.
std::vector<std::uint8_t> build_frame(const Rule& r, const IpPrefix& src, const IpPrefix& dst) {
    const bool v6 = src.family == IpFamily::V6;
    const std::uint8_t proto = r.protocol.kind == ProtoKind::Number ? r.protocol.number
                               : v6                                ? kProtoIcmp6
                                                                   : kProtoIcmp;
    const std::size_t l3 = 14, l3len = v6 ? 40 : 20;
    const std::size_t l4len = proto == kProtoTcp ? 20 : 8;
    std::vector<std::uint8_t> b(l3 + l3len + l4len, 0);
    std::memcpy(b.data(), "\x02\0\0\0\0\x01\x02\0\0\0\0\x02", 12);
    put16(b, 12, v6 ? 0x86dd : 0x0800);
    if (v6) {
        b[l3] = 0x60;
        put16(b, l3 + 4, static_cast<std::uint16_t>(l4len));
        b[l3 + 6] = proto;
        b[l3 + 7] = 64;
        std::memcpy(&b[l3 + 8], src.addr.data(), 16);
        std::memcpy(&b[l3 + 24], dst.addr.data(), 16);
    } else {
        b[l3] = 0x45;
        put16(b, l3 + 2, static_cast<std::uint16_t>(l3len + l4len));
        b[l3 + 8] = 64;
        b[l3 + 9] = proto;
        std::memcpy(&b[l3 + 12], src.addr.data(), 4);
        std::memcpy(&b[l3 + 16], dst.addr.data(), 4);
    }
    const std::size_t l4 = l3 + l3len;
    const std::uint16_t sport = r.src.ports.empty() ? 40000 : r.src.ports[0].lo;
    const std::uint16_t dport = r.dst.ports.empty() ? 80 : r.dst.ports[0].lo;
    if (proto == kProtoTcp) {
        put16(b, l4, sport), put16(b, l4 + 2, dport);
        b[l4 + 12] = 5 << 4;
        std::uint8_t flags = kTcpAck;
        if (r.options.setup)
            flags = kTcpSyn;
        if (r.options.tcpflags)
            flags = r.options.tcpflags->set;
        b[l4 + 13] = flags;
    } else if (proto == kProtoUdp) {
        put16(b, l4, sport), put16(b, l4 + 2, dport), put16(b, l4 + 4, 8);
    } else if (proto == kProtoIcmp || proto == kProtoIcmp6) {
        std::uint8_t type = proto == kProtoIcmp ? 8 : 128;
        if (r.options.icmptypes)
            for (unsigned t = 0; t < 256; t++)
                if (r.options.icmptypes->types.test(t)) {
                    type = static_cast<std::uint8_t>(t);
                    break;
                }
        b[l4] = type;
    }
    return b;
}

std::string verdict_word(int action) {
    switch (action) {
    case XGW_FW_ALLOW:
        return "accepted";
    case XGW_FW_REJECT:
    case XGW_FW_UNREACH:
        return "rejected";
    }
    return "denied";
}

// The number of rule index `rule` of the live generation, for that direction: rules_fd is the
// map of maps, whose slot gen_dir holds the id of that direction's rules.
std::uint16_t rule_number(int rules_fd, const xgw_fw_walk& w) {
    if (w.rule == XGW_FW_DEFAULT_RULE)
        return kDefaultPolicyRuleNumber;
    std::uint32_t id = 0;
    if (bpf_map_lookup_elem(rules_fd, &w.gen_dir, &id) != 0)
        return 0;
    UniqueFd rules(bpf_map_get_fd_by_id(id));
    xgw_fw_rule rec{};
    return rules && bpf_map_lookup_elem(rules.get(), &w.rule, &rec) == 0 ? rec.number : 0;
}

std::string ifname(std::uint32_t ifindex) {
    char buf[IF_NAMESIZE] = {};
    return if_indextoname(ifindex, buf) ? std::string(buf) : "ifindex " + std::to_string(ifindex);
}

// An IPv4 frame's addresses and ports (ICMP: the echo id), as the check builds frames: no VLAN.
struct Endpoints {
    std::uint32_t src = 0, dst = 0;
    std::uint16_t sport = 0, dport = 0;
    std::uint8_t proto = 0;
};

std::optional<Endpoints> endpoints_of(const std::vector<std::uint8_t>& f) {
    if (f.size() < 34 || f[12] != 0x08 || f[13] != 0x00)
        return std::nullopt;
    Endpoints e;
    const std::size_t ihl = (f[14] & 0x0f) * 4u, l4 = 14 + ihl;
    e.proto = f[23];
    std::memcpy(&e.src, &f[26], 4);
    std::memcpy(&e.dst, &f[30], 4);
    if ((e.proto == kProtoTcp || e.proto == kProtoUdp) && f.size() >= l4 + 4) {
        e.sport = static_cast<std::uint16_t>(f[l4] << 8 | f[l4 + 1]);
        e.dport = static_cast<std::uint16_t>(f[l4 + 2] << 8 | f[l4 + 3]);
    } else if (e.proto == kProtoIcmp && f.size() >= l4 + 6) {
        e.sport = e.dport = static_cast<std::uint16_t>(f[l4 + 4] << 8 | f[l4 + 5]);
    }
    return e;
}

std::string endpoint(std::uint32_t addr, std::uint16_t port, std::uint8_t proto) {
    return nat::nat_endpoint(addr, htons(port), proto);
}

// "source A -> B" and/or "destination C -> D": what NAT changed between in and out.
std::string nat_change(const std::vector<std::uint8_t>& in, const std::vector<std::uint8_t>& out) {
    auto a = endpoints_of(in), b = endpoints_of(out);
    if (!a || !b)
        return {};
    std::string s;
    if (a->src != b->src || a->sport != b->sport)
        s = "source " + endpoint(a->src, a->sport, a->proto) + " -> " +
            endpoint(b->src, b->sport, b->proto);
    if (a->dst != b->dst || a->dport != b->dport)
        s += (s.empty() ? "" : ", ") + std::string("destination ") +
             endpoint(a->dst, a->dport, a->proto) + " -> " + endpoint(b->dst, b->dport, b->proto);
    return s;
}

std::vector<std::string> nat_events(std::uint64_t notes) {
    // Counted on every translated packet: not news in a check.
    static const std::vector<std::string> routine = {"translated", "created", "fragment-followed"};
    std::vector<std::string> out;
    const auto names = nat::NatState::stat_names();
    for (std::size_t i = 0; i < names.size() && i < 64; i++)
        if ((notes >> i & 1) &&
            std::find(routine.begin(), routine.end(), names[i]) == routine.end())
            out.push_back(names[i]);
    return out;
}

IpPrefix address_of(std::uint32_t addr) {
    IpPrefix p;
    std::memcpy(p.addr.data(), &addr, 4);
    p.length = 32;
    return p;
}


} // namespace

std::vector<std::string> split_words(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> words;
    for (std::string w; in >> w;)
        words.push_back(w);
    return words;
}

Result<PacketChecker> PacketChecker::open(const PinPaths& paths, const ServiceDb* services) {
    auto runner = PacketRunner::open_check(paths);
    if (!runner)
        return runner.error();
    auto rules = open_pinned_map(paths, "xgw_fw_rules");
    if (!rules)
        return rules.error();
    return PacketChecker(std::move(*runner), std::move(*rules), services);
}

namespace {

// One hook's run, described.
struct Ran {
    CheckStage stage;
    RunResult run;
    bool dropped = false;
};

Result<Ran> run_stage(const PacketRunner& runner, int rules_fd, Hook hook,
                      const std::vector<std::uint8_t>& frame, std::uint32_t ifindex,
                      std::uint32_t came_in_on, const std::string& iface) {
    Ran r;
    auto walk = runner.dry_run(hook, frame, ifindex, came_in_on, &r.run);
    if (!walk)
        return walk.error();
    auto notes = runner.take_notes(hook);
    if (!notes)
        return notes.error();
    CheckStage& st = r.stage;
    st.hook = hook == Hook::XdpIngress ? "in" : "out";
    st.iface = iface;
    st.classified = walk->verdict != -2;
    if (st.classified) {
        st.rule = rule_number(rules_fd, *walk);
        st.by_state = walk->by_state;
        st.mark = walk->mark;
    }
    st.nat_events = nat_events(*notes);
    const int a = r.run.action;
    const bool xdp = hook == Hook::XdpIngress;
    r.dropped = xdp ? a == XDP_DROP || a == XDP_ABORTED : a == TC_ACT_SHOT;
    const bool answered = xdp ? a == XDP_TX : a == TC_ACT_REDIRECT;
    const bool fw_refused = st.classified && walk->verdict != XGW_FW_ALLOW;
    if (fw_refused)
        st.outcome = verdict_word(walk->verdict);
    else if (r.dropped)
        st.outcome = "dropped";
    else if (xdp && a == XDP_TX)
        st.outcome = "sent-back"; // a hairpin, translated both ways
    else if (xdp && a == XDP_REDIRECT)
        st.outcome = "forwarded";
    else
        st.outcome = "accepted";
    if (fw_refused && answered)
        r.dropped = true; // refused, the answer goes back instead
    if (!r.dropped)
        st.nat = nat_change(frame, r.run.frame_out);
    return r;
}

} // namespace

Result<CheckResult> PacketChecker::check(const std::vector<std::string>& spec) const {
    // `check` names direction and interface first; the rule grammar takes them as options.
    std::string text = "1 allow", lead;
    std::size_t i = 0;
    while (i < spec.size() && (spec[i] == "in" || spec[i] == "out" || spec[i] == "via")) {
        lead += " " + spec[i];
        if (spec[i++] == "via" && i < spec.size())
            lead += " " + spec[i++];
    }
    for (; i < spec.size(); i++)
        text += " " + spec[i];
    text += lead;
    auto parsed = parseRuleset(text, {"<check>", services_, 0});
    if (!parsed.ok())
        return parsed.error();
    const Rule& r = parsed.ruleset->firewall.rules.at(0);
    auto src = host_address(r.src.address, "source");
    auto dst = host_address(r.dst.address, "destination");
    if (!src)
        return src.error();
    if (!dst)
        return dst.error();
    const bool out_only = r.options.direction == Direction::Out;
    std::uint32_t ifindex = 0;
    std::string iface;
    if (const auto& via = r.options.via ? r.options.via : r.options.recv ? r.options.recv
                                                                        : r.options.xmit) {
        iface = via->name;
        ifindex = if_nametoindex(iface.c_str());
        if (!ifindex)
            return make_error(Errc::NotFound, "check: no interface '" + iface + "' here");
    }

    CheckResult out;
    out.frame = build_frame(r, *src, *dst);
    // Interface 1 (lo) stands in when none is named: the rules that name none still judge.
    auto first = run_stage(runner_, rules_.get(), out_only ? Hook::TcEgress : Hook::XdpIngress,
                           out.frame, ifindex ? ifindex : 1, 0, iface);
    if (!first)
        return first.error();
    out.stages.push_back(first->stage);
    const Ran* decided = &*first;
    std::optional<Ran> second;
    const int a = first->run.action;
    if (!out_only && !first->dropped && a == XDP_PASS) {
        // The stack routes it now: ask the kernel, with the mark the rules gave it.
        auto e = endpoints_of(first->run.frame_out);
        IpPrefix rsrc = *src, rdst = *dst;
        if (e) {
            rsrc = address_of(e->src);
            rdst = address_of(e->dst);
        }
        if (!ifindex) {
            out.not_evaluated.push_back("routing and the way out: no interface named (via IF)");
        } else if (auto route = route::lookup_route(rsrc, rdst, ifindex, first->stage.mark);
                   !route) {
            out.not_evaluated.push_back("routing: " + route.error().message);
        } else if (route->kind == route::RouteDecision::Kind::Local) {
            out.route = "local";
        } else if (route->kind == route::RouteDecision::Kind::Unreachable) {
            out.route = "dropped: " + route->reason;
        } else {
            out.route = "out " + ifname(route->oif) +
                        (route->gateway.empty() ? "" : " via " + route->gateway);
            auto egress = run_stage(runner_, rules_.get(), Hook::TcEgress, first->run.frame_out,
                                    route->oif, ifindex, ifname(route->oif));
            if (!egress)
                return egress.error();
            // The out stage's NAT is relative to what it got, which in-NAT may have changed.
            second = std::move(*egress);
            out.stages.push_back(second->stage);
            if (second->dropped)
                decided = &*second;
        }
    } else if (!out_only && a == XDP_REDIRECT) {
        out.route = "forwarded by the XDP offload (its out rules and source NAT ran in XDP)";
    }
    const RunResult& last = second ? second->run : first->run;
    if (auto e = endpoints_of(last.frame_out)) {
        out.leaves_source = endpoint(e->src, e->sport, e->proto);
        out.leaves_destination = endpoint(e->dst, e->dport, e->proto);
    }
    const CheckStage& d = decided->stage;
    const bool route_dropped = out.route.rfind("dropped", 0) == 0;
    out.verdict = d.outcome == "denied" || d.outcome == "rejected" ? d.outcome
                  : decided->dropped || route_dropped            ? "denied"
                                                                 : "accepted";
    out.rule = d.rule;
    out.by_state = d.by_state;
    out.classified = d.classified;
    out.decided_by = d.hook + (d.iface.empty() ? "" : " " + d.iface);
    if (route_dropped && !decided->dropped)
        out.decided_by = "routing";
    if (out.verdict != "accepted")
        out.leaves_source = out.leaves_destination = "";
    return out;
}

} // namespace xgw::fw
