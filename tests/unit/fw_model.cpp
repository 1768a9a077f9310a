#include "fw_model.h"

#include <xgw/fw/FibRules.h>

#include <arpa/inet.h>

#include <algorithm>
#include <sstream>

namespace xgw::fw::test {

namespace {

bool in_prefix(const std::array<std::uint8_t, 16>& addr, const std::array<std::uint8_t, 16>& net,
               unsigned length) {
    for (unsigned bit = 0; bit < length; bit++) {
        unsigned byte = bit / 8, mask = 0x80 >> (bit % 8);
        if ((addr[byte] & mask) != (net[byte] & mask))
            return false;
    }
    return true;
}

bool any_prefix_holds(const std::vector<IpPrefix>& prefixes, bool v6,
                      const std::array<std::uint8_t, 16>& addr) {
    return std::any_of(prefixes.begin(), prefixes.end(), [&](const IpPrefix& p) {
        return (p.family == IpFamily::V6) == v6 && in_prefix(addr, p.addr, p.length);
    });
}

bool address_matches(const AddressMatch& m, const HostContext& host, bool v6,
                     const std::array<std::uint8_t, 16>& addr) {
    bool hit = false;
    switch (m.kind) {
    case AddressKind::Any:
        return true;
    case AddressKind::Me:
        hit = any_prefix_holds(host.addresses, v6, addr);
        break;
    case AddressKind::Me6:
        hit = v6 && any_prefix_holds(host.addresses, v6, addr);
        break;
    case AddressKind::Prefixes:
        hit = any_prefix_holds(m.prefixes, v6, addr);
        break;
    case AddressKind::Table:
        hit = any_prefix_holds(model_table_prefixes(host.table(m.table).value()), v6, addr);
        break;
    }
    return hit != m.negated;
}

bool has_ports(const ModelPacket& p) {
    return p.has_l4 && (p.proto == kProtoTcp || p.proto == kProtoUdp || p.proto == kProtoSctp);
}

bool ports_match(const std::vector<PortRange>& ports, const ModelPacket& p, std::uint16_t port) {
    if (ports.empty())
        return true;
    return has_ports(p) && std::any_of(ports.begin(), ports.end(), [&](const PortRange& r) {
               return r.lo <= port && port <= r.hi;
           });
}

bool proto_matches(const Protocol& pr, const ModelPacket& p) {
    switch (pr.kind) {
    case ProtoKind::Any:
        return true;
    case ProtoKind::Ip4:
        return !p.v6;
    case ProtoKind::Ip6:
        return p.v6;
    case ProtoKind::Number:
        // docs/rules.md section 5: icmp is IPv4 only, icmp6 IPv6 only.
        if (auto fam = pr.family(); fam && (*fam == IpFamily::V6) != p.v6)
            return false;
        return pr.number == p.proto;
    }
    return false;
}

bool is_tcp(const ModelPacket& p) {
    return p.proto == kProtoTcp && p.has_l4 && !p.later_frag;
}

bool tcp_options_match(const RuleOptions& o, const ModelPacket& p) {
    if (!o.setup && !o.established && !o.tcpflags)
        return true;
    if (!is_tcp(p))
        return false;
    const std::uint8_t f = p.tcp_flags;
    if (o.setup && !((f & kTcpSyn) && !(f & kTcpAck)))
        return false;
    if (o.established && !(f & (kTcpRst | kTcpAck)))
        return false;
    return !o.tcpflags || ((f & o.tcpflags->set) == o.tcpflags->set && !(f & o.tcpflags->clear));
}

bool icmp_matches(const RuleOptions& o, const ModelPacket& p) {
    if (!o.icmptypes)
        return true;
    const bool icmp = p.proto == kProtoIcmp || p.proto == kProtoIcmp6;
    return icmp && p.has_l4 && !p.later_frag && o.icmptypes->types.test(p.icmp_type);
}

bool iface_is(const std::optional<InterfaceMatch>& m, const HostContext& host, std::uint32_t idx) {
    if (!m)
        return true;
    auto want = host.ifindex ? host.ifindex(m->name) : std::nullopt;
    return want && idx && *want == idx;
}

bool ifaces_match(const RuleOptions& o, const HostContext& host, const ModelPacket& p) {
    const bool ingress = p.dir == XGW_DIR_INGRESS;
    if (o.via && !iface_is(o.via, host, ingress ? p.in_if : p.out_if))
        return false;
    if (o.xmit && (ingress || !iface_is(o.xmit, host, p.out_if)))
        return false;
    return iface_is(o.recv, host, p.in_if);
}

bool direction_matches(Direction d, xgw_dir dir) {
    return d == Direction::Both || (d == Direction::In) == (dir == XGW_DIR_INGRESS);
}

bool rule_matches(const Rule& r, const HostContext& host, const ModelPacket& p) {
    const auto& o = r.options;
    return direction_matches(o.direction, p.dir) && proto_matches(r.protocol, p) &&
           address_matches(r.src.address, host, p.v6, p.src) &&
           address_matches(r.dst.address, host, p.v6, p.dst) &&
           ports_match(r.src.ports, p, p.sport) && ports_match(r.dst.ports, p, p.dport) &&
           (!o.frag || p.later_frag) && tcp_options_match(o, p) && icmp_matches(o, p) &&
           ifaces_match(o, host, p) && !o.ipsec; // model packets come through no SA
}

std::string addr_text(bool v6, const std::array<std::uint8_t, 16>& a) {
    char buf[INET6_ADDRSTRLEN];
    inet_ntop(v6 ? AF_INET6 : AF_INET, a.data(), buf, sizeof buf);
    return buf;
}

} // namespace

const HostContext& model_host() {
    static const HostContext host = [] {
        HostContext h;
        for (const char* a : {"10.1.2.3", "192.0.2.1", "2001:db8::1", "2001:db8:1::5"})
            h.addresses.push_back(IpPrefix::parse(a).value());
        h.ifindex = [](const std::string& name) -> std::optional<std::uint32_t> {
            if (name == "eth0")
                return 2;
            if (name == "eth1")
                return 3;
            return std::nullopt;
        };
        h.fib_mark = [](std::uint32_t table) -> Result<std::uint32_t> {
            return (table % kMaxFibIndex + 1) << XGW_MARK_FIB_SHIFT;
        };
        h.table = [](const std::string& name) -> Result<std::uint8_t> {
            static std::vector<std::string> names{"friends", "blocked"};
            auto it = std::find(names.begin(), names.end(), name);
            if (it == names.end())
                it = names.insert(names.end(), name);
            return static_cast<std::uint8_t>(it - names.begin());
        };
        return h;
    }();
    return host;
}

const std::vector<IpPrefix>& model_table_prefixes(std::uint8_t slot) {
    static const std::vector<IpPrefix> none;
    static const std::vector<std::vector<IpPrefix>> tables = [] {
        std::vector<std::vector<IpPrefix>> t(2);
        for (const char* a : {"10.1.2.0/24", "198.51.100.4/31", "2001:db8:1::/48"})
            t[0].push_back(IpPrefix::parse(a).value());
        for (const char* a : {"192.0.2.1", "10.0.0.0/8", "2001:db8::1", "::/0"})
            t[1].push_back(IpPrefix::parse(a).value());
        return t;
    }();
    if (slot == XGW_FW_TABLE_ME || slot == XGW_FW_TABLE_ME6) {
        static const std::vector<IpPrefix> me = model_host().addresses;
        static const std::vector<IpPrefix> me6 = [] {
            std::vector<IpPrefix> out;
            for (const auto& p : me)
                if (p.family == IpFamily::V6)
                    out.push_back(p);
            return out;
        }();
        return slot == XGW_FW_TABLE_ME ? me : me6;
    }
    return slot < tables.size() ? tables[slot] : none;
}

std::string ModelPacket::str() const {
    std::ostringstream os;
    os << (dir == XGW_DIR_INGRESS ? "in" : "out") << " in_if=" << in_if << " out_if=" << out_if
       << (v6 ? " ip6" : " ip4") << " proto=" << unsigned(proto) << " " << addr_text(v6, src) << ":"
       << sport << " -> " << addr_text(v6, dst) << ":" << dport << (has_l4 ? " l4" : " no-l4")
       << (later_frag ? " later-frag" : "") << " tcpflags=0x" << std::hex << unsigned(tcp_flags)
       << std::dec << " icmptype=" << unsigned(icmp_type) << (flow ? " flow" : "");
    return os.str();
}

std::string ModelVerdict::str() const {
    std::ostringstream os;
    os << "action " << action << " by "
       << (rule == kDefaultRule ? std::string("default") : "#" + std::to_string(rule))
       << (by_state ? " (flow)" : "") << ", taken [";
    for (auto t : taken)
        os << " #" << t;
    os << " ]";
    return os.str();
}

ModelVerdict reference_verdict(const Ruleset& rs, const HostContext& host,
                               std::uint32_t default_action, const ModelPacket& p) {
    const auto& rules = rs.firewall.rules;
    ModelVerdict v;
    for (std::size_t i = 0; i < rules.size();) {
        const Rule& r = rules[i];
        // ipfw(8): the flow is consulted at the first check-state or keep-state rule reached,
        // before its body, in either direction.
        if (p.flow && (r.options.keep_state || r.action.kind == ActionKind::CheckState)) {
            v.action = XGW_FW_ALLOW;
            v.rule = static_cast<std::uint32_t>(i);
            v.by_state = true;
            return v;
        }
        if (!rule_matches(r, host, p) || r.action.kind == ActionKind::CheckState) {
            i++; // check-state without a flow does not match
            continue;
        }
        v.taken.push_back(static_cast<std::uint32_t>(i));
        switch (r.action.kind) {
        case ActionKind::Count:
        case ActionKind::CheckState:
        case ActionKind::SetMark:
        case ActionKind::SetFib:
            i++;
            continue;
        case ActionKind::Skipto:
            while (i < rules.size() && rules[i].number < r.action.argument)
                i++;
            continue;
        case ActionKind::Allow:
            v.action = XGW_FW_ALLOW;
            break;
        case ActionKind::Fwd:
            v.action = XGW_FW_FWD;
            break;
        case ActionKind::Deny:
            v.action = XGW_FW_DENY;
            break;
        case ActionKind::Reject:
            v.action = XGW_FW_REJECT;
            break;
        case ActionKind::Unreach:
            v.action = XGW_FW_UNREACH;
            break;
        }
        v.rule = static_cast<std::uint32_t>(i);
        return v;
    }
    v.action = default_action;
    return v;
}

namespace {

// The LPM trie's answer: the entry of the longest prefix holding addr, or nullptr.
const LpmEntry* lpm_lookup(const std::vector<LpmEntry>& entries,
                           const std::array<std::uint8_t, 16>& addr) {
    const LpmEntry* best = nullptr;
    for (const auto& e : entries)
        if (in_prefix(addr, e.addr, e.length) && (!best || e.length > best->length))
            best = &e;
    return best;
}

// The bitset id of one field, or nullopt where the data path finds no table entry.
std::optional<std::uint32_t> field_id(const DirImage& img, const ModelPacket& p, int f) {
    if (!(img.fields_used & (1u << f)))
        return 0;
    auto slot = [](const std::vector<std::uint32_t>& t, std::size_t i) { return t.at(i); };
    switch (f) {
    case XGW_FW_F_SRC:
    case XGW_FW_F_DST: {
        const bool dst = f == XGW_FW_F_DST;
        const auto& t = p.v6 ? (dst ? img.dst6 : img.src6) : (dst ? img.dst4 : img.src4);
        const LpmEntry* e = lpm_lookup(t, dst ? p.dst : p.src);
        return e ? std::optional<std::uint32_t>(e->bitset) : std::nullopt;
    }
    case XGW_FW_F_SPORT:
    case XGW_FW_F_DPORT: {
        const bool dst = f == XGW_FW_F_DPORT;
        std::uint32_t port = has_ports(p) ? (dst ? p.dport : p.sport) : XGW_FW_NO_PORT;
        return slot(dst ? img.dport : img.sport, port);
    }
    case XGW_FW_F_PROTO:
        return slot(img.proto, (p.v6 ? 256 : 0) + p.proto);
    case XGW_FW_F_IFACE: {
        auto it = img.iface.find(p.dir == XGW_DIR_INGRESS ? p.in_if : p.out_if);
        return it == img.iface.end() ? img.any_iface : it->second;
    }
    case XGW_FW_F_TESTS: {
        std::uint32_t mask = 0;
        for (std::size_t k = 0; k < img.tests.size(); k++)
            if (any_prefix_holds(model_table_prefixes(img.tests[k].table), p.v6,
                                 img.tests[k].dst ? p.dst : p.src))
                mask |= 1u << k;
        return slot(img.test_masks, mask);
    }
    case XGW_FW_F_RECV: {
        auto it = img.recv.find(p.in_if);
        return it == img.recv.end() ? img.any_recv : it->second;
    }
    case XGW_FW_F_FLAGS: {
        std::uint32_t s = XGW_FW_NOT_TCP;
        if (p.later_frag)
            s = XGW_FW_LATER_FRAG;
        else if (p.proto == kProtoTcp && p.has_l4)
            s = p.tcp_flags;
        return slot(img.flags, s);
    }
    case XGW_FW_F_ICMP: {
        const bool icmp = p.has_l4 && (p.proto == kProtoIcmp || p.proto == kProtoIcmp6);
        return slot(img.icmp, icmp ? p.icmp_type : XGW_FW_NOT_ICMP);
    }
    }
    return std::nullopt;
}

int lowest_bit(std::uint64_t x) {
    return __builtin_ctzll(x);
}

struct Walk {
    const std::vector<const xgw_fw_bitset*>& field;
    const xgw_fw_bitset& probe;
    const xgw_fw_bitset& probe_only;
    const std::uint64_t hit; // all ones when the packet has a flow
    const DirImage& img;
    ModelVerdict& v;

    std::uint64_t and_summary(std::uint32_t s) const {
        std::uint64_t sum = ~0ULL;
        for (auto* b : field)
            sum &= b->summary[s];
        return sum | (probe.summary[s] & hit);
    }
    std::uint64_t and_word(std::uint32_t w) const {
        std::uint64_t word = ~0ULL;
        for (auto* b : field)
            word &= b->words[w];
        return (word & ~probe_only.words[w]) | (probe.words[w] & hit);
    }
    // The first candidate rule at or after start, or nrules.
    std::uint32_t next(std::uint32_t start) const {
        const std::uint32_t nrules = static_cast<std::uint32_t>(img.rules.size());
        for (std::uint32_t s = start / 4096; s < XGW_FW_SUMMARY_WORDS && start < nrules; s++) {
            std::uint64_t sum = and_summary(s);
            if (s == start / 4096)
                sum &= ~0ULL << ((start / 64) % 64);
            for (; sum; sum &= sum - 1) {
                std::uint32_t w = s * 64 + lowest_bit(sum);
                std::uint64_t word = and_word(w);
                if (w == start / 64)
                    word &= ~0ULL << (start % 64);
                if (word)
                    return w * 64 + lowest_bit(word);
            }
        }
        return nrules;
    }
    // Returns true when the walk ends (decided, or out of rules).
    bool take(std::uint32_t r, std::uint32_t* start) {
        if (r >= img.rules.size())
            return true;
        const xgw_fw_rule& rule = img.rules[r];
        if ((rule.flags & XGW_FW_R_CHECKS_STATE) && hit) {
            v.action = XGW_FW_ALLOW;
            v.rule = rule.counter;
            v.by_state = true;
            return true;
        }
        if (rule.action == XGW_FW_CHECK_STATE) { // no flow: not a match
            *start = r + 1;
            return false;
        }
        v.taken.push_back(rule.counter);
        switch (rule.action) {
        case XGW_FW_COUNT:
        case XGW_FW_SETMARK:
            *start = r + 1;
            break;
        case XGW_FW_SKIPTO:
            *start = rule.arg > r ? rule.arg : r + 1;
            break;
        default:
            v.action = rule.action;
            v.rule = rule.counter;
            return true;
        }
        return false;
    }
};

} // namespace

ModelVerdict compiled_verdict(const CompiledRuleset& c, const ModelPacket& p) {
    const DirImage& img = c.dir[p.dir];
    ModelVerdict v;
    std::vector<const xgw_fw_bitset*> field;
    bool gathered = true;
    for (int f = 0; f < XGW_FW_F__MAX && gathered; f++) {
        auto id = field_id(img, p, f);
        gathered = id && *id < c.bitsets.size();
        if (gathered)
            field.push_back(&c.bitsets[*id]);
    }
    if (gathered) {
        Walk walk{field, c.bitsets.at(img.probe), c.bitsets.at(img.probe_only),
                  p.flow ? ~0ULL : 0, img, v};
        for (std::uint32_t start = 0; !walk.take(walk.next(start), &start);) {
        }
        if (v.rule != kDefaultRule)
            return v;
    }
    v.action = c.default_action;
    v.rule = kDefaultRule;
    return v;
}

} // namespace xgw::fw::test
