// Port, protocol, TCP flag, ICMP type and interface fields (addresses: AddressImage.cpp).
#include "FieldImages.h"

#include <algorithm>

namespace xgw::fw {

namespace {

bool has_tcp_constraint(const Rule& r) {
    return r.options.setup || r.options.established || r.options.tcpflags;
}

bool tcp_flags_match(const Rule& r, std::uint8_t flags) {
    if (r.options.setup && !((flags & kTcpSyn) && !(flags & kTcpAck)))
        return false;
    if (r.options.established && !(flags & (kTcpRst | kTcpAck)))
        return false;
    if (const auto& t = r.options.tcpflags; t && ((flags & t->set) != t->set || (flags & t->clear)))
        return false;
    return true;
}

bool proto_match(const Protocol& p, bool v6, unsigned proto) {
    switch (p.kind) {
    case ProtoKind::Any:
        return true;
    case ProtoKind::Ip4:
        return !v6;
    case ProtoKind::Ip6:
        return v6;
    case ProtoKind::Number: // icmp is IPv4 only, icmp6 IPv6 only (docs/rules.md, section 5)
        return p.number == proto && (!p.family() || (*p.family() == IpFamily::V6) == v6);
    }
    return false;
}

// One table slot per value: the bitset of the rules for which pred(rule, value) holds.
template <class Pred>
std::vector<std::uint32_t> table(const DirRules& rules, unsigned slots, BitsetStore& store,
                                 Pred pred) {
    std::vector<std::uint32_t> out(slots);
    for (unsigned v = 0; v < slots; v++) {
        RuleBits bits(rules.size());
        for (std::size_t i = 0; i < rules.size(); i++)
            if (pred(*rules[i], v))
                bits.set(i);
        out[v] = store.intern(bits);
    }
    return out;
}

} // namespace

std::vector<std::uint32_t> port_image(const DirRules& rules, bool dst, BitsetStore& store) {
    const std::size_t n = rules.size();
    // Sweep the port line: coverage counts change only where some range starts or ends.
    std::vector<std::pair<std::uint32_t, std::size_t>> starts, ends;
    RuleBits bits(n);
    for (std::size_t i = 0; i < n; i++) {
        const auto& ports = dst ? rules[i]->dst.ports : rules[i]->src.ports;
        if (ports.empty())
            bits.set(i);
        for (const auto& range : ports) {
            starts.emplace_back(range.lo, i);
            ends.emplace_back(range.hi + 1u, i);
        }
    }
    std::vector<std::uint32_t> out(XGW_FW_PORT_SLOTS);
    out[XGW_FW_NO_PORT] = store.intern(bits); // no ports: only rules that name none
    std::sort(starts.begin(), starts.end());
    std::sort(ends.begin(), ends.end());
    std::vector<unsigned> coverage(n, 0);
    std::size_t si = 0, ei = 0;
    std::uint32_t port = 0;
    while (port < 65536) {
        for (; ei < ends.size() && ends[ei].first <= port; ei++)
            if (--coverage[ends[ei].second] == 0)
                bits.clear(ends[ei].second);
        for (; si < starts.size() && starts[si].first <= port; si++)
            if (coverage[starts[si].second]++ == 0)
                bits.set(starts[si].second);
        std::uint32_t next = 65536;
        if (si < starts.size())
            next = std::min(next, starts[si].first);
        if (ei < ends.size())
            next = std::min(next, ends[ei].first);
        std::uint32_t id = store.intern(bits);
        std::fill(out.begin() + port, out.begin() + next, id);
        port = next;
    }
    return out;
}

std::vector<std::uint32_t> proto_image(const DirRules& rules, BitsetStore& store) {
    return table(rules, 2 * 256, store, [](const Rule& r, unsigned v) {
        return proto_match(r.protocol, v >= 256, v % 256);
    });
}

std::vector<std::uint32_t> flags_image(const DirRules& rules, BitsetStore& store) {
    return table(rules, XGW_FW_FLAG_SLOTS, store, [](const Rule& r, unsigned v) {
        if (v == XGW_FW_LATER_FRAG)
            return !has_tcp_constraint(r);
        if (r.options.frag)
            return false;
        if (v == XGW_FW_NOT_TCP)
            return !has_tcp_constraint(r);
        return tcp_flags_match(r, static_cast<std::uint8_t>(v));
    });
}

std::vector<std::uint32_t> icmp_image(const DirRules& rules, BitsetStore& store) {
    return table(rules, XGW_FW_ICMP_SLOTS, store, [](const Rule& r, unsigned v) {
        if (!r.options.icmptypes)
            return true;
        return v < 256 && r.options.icmptypes->types.test(v);
    });
}

namespace {

// The interface a rule names for the direction's own interface (ingress: in, egress: out);
// nullopt when it names none. *never: the rule needs an interface this direction lacks (xmit on
// ingress).
std::optional<std::string> named_iface(const Rule& r, xgw_dir dir, bool* never) {
    const auto& o = r.options;
    *never = dir == XGW_DIR_INGRESS && o.xmit;
    if (o.via)
        return o.via->name;
    const auto& mine = dir == XGW_DIR_INGRESS ? o.recv : o.xmit;
    if (mine)
        return mine->name;
    return std::nullopt;
}

// Bitsets by ifindex of the rules that name an interface (name_of), each ORed with the rules that
// name none; *any gets the latter. Returns the names no interface has.
template <class NameOf>
std::vector<std::string> iface_table(const DirRules& rules, const HostContext& host,
                                     BitsetStore& store, NameOf name_of,
                                     std::map<std::uint32_t, std::uint32_t>& table,
                                     std::uint32_t* any_id) {
    const std::size_t n = rules.size();
    RuleBits any(n);
    std::map<std::uint32_t, RuleBits> named;
    std::vector<std::string> missing;
    for (std::size_t i = 0; i < n; i++) {
        bool never = false;
        auto name = name_of(*rules[i], &never);
        if (never)
            continue;
        if (!name) {
            any.set(i);
            continue;
        }
        auto idx = host.ifindex ? host.ifindex(*name) : std::nullopt;
        if (!idx) {
            if (std::find(missing.begin(), missing.end(), *name) == missing.end())
                missing.push_back(*name);
            continue;
        }
        named.try_emplace(*idx, RuleBits(n)).first->second.set(i);
    }
    *any_id = store.intern(any);
    for (auto& [idx, bits] : named) {
        bits |= any;
        table[idx] = store.intern(bits);
    }
    return missing;
}

} // namespace

std::vector<std::string> iface_image(const DirRules& rules, xgw_dir dir, const HostContext& host,
                                     BitsetStore& store, DirImage& image) {
    auto own = [dir](const Rule& r, bool* never) { return named_iface(r, dir, never); };
    return iface_table(rules, host, store, own, image.iface, &image.any_iface);
}

std::vector<std::string> recv_image(const DirRules& rules, const HostContext& host,
                                    BitsetStore& store, DirImage& image) {
    auto recv = [](const Rule& r, bool* never) -> std::optional<std::string> {
        *never = false;
        return r.options.recv ? std::optional<std::string>(r.options.recv->name) : std::nullopt;
    };
    return iface_table(rules, host, store, recv, image.recv, &image.any_recv);
}

std::uint32_t fields_used(const DirRules& rules, xgw_dir dir) {
    std::uint32_t used = 0;
    for (const Rule* r : rules) {
        const auto& o = r->options;
        for (const auto* a : {&r->src.address, &r->dst.address}) {
            if (is_prefix_match(*a))
                used |= 1u << (a == &r->src.address ? XGW_FW_F_SRC : XGW_FW_F_DST);
            else if (a->kind != AddressKind::Any)
                used |= 1u << XGW_FW_F_TESTS;
        }
        if (!r->src.ports.empty())
            used |= 1u << XGW_FW_F_SPORT;
        if (!r->dst.ports.empty())
            used |= 1u << XGW_FW_F_DPORT;
        if (r->protocol.kind != ProtoKind::Any)
            used |= 1u << XGW_FW_F_PROTO;
        if (o.via || o.xmit || (dir == XGW_DIR_INGRESS && o.recv))
            used |= 1u << XGW_FW_F_IFACE;
        if (dir == XGW_DIR_EGRESS && o.recv)
            used |= 1u << XGW_FW_F_RECV;
        if (has_tcp_constraint(*r) || o.frag)
            used |= 1u << XGW_FW_F_FLAGS;
        if (o.icmptypes)
            used |= 1u << XGW_FW_F_ICMP;
        if (o.ipsec)
            used |= 1u << XGW_FW_F_TESTS;
    }
    return used;
}

} // namespace xgw::fw
