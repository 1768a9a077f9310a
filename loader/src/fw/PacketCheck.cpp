#include <xgw/fw/PacketCheck.h>

#include <xgw/PacketRunner.h>
#include <xgw/fw/Parser.h>

#include <bpf/bpf.h>
#include <net/if.h>

#include <cstring>

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

// The number of rule index `rule` of the live generation, for that direction.
std::uint16_t rule_number(const PinPaths& paths, const xgw_fw_walk& w) {
    if (w.rule == XGW_FW_DEFAULT_RULE)
        return kDefaultPolicyRuleNumber;
    int fd = bpf_obj_get(paths.map("xgw_fw_rules").c_str());
    if (fd < 0)
        return 0;
    std::uint32_t idx = w.gen_dir * XGW_FW_MAX_RULES + w.rule;
    xgw_fw_rule rec{};
    bool ok = bpf_map_lookup_elem(fd, &idx, &rec) == 0;
    ::close(fd);
    return ok ? rec.number : 0;
}

} // namespace

Result<CheckResult> check_packet(const PinPaths& paths, const std::vector<std::string>& spec,
                                 const ServiceDb* services) {
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
    auto parsed = parseRuleset(text, {"<check>", services, 0});
    if (!parsed.ok())
        return parsed.error();
    const Rule& r = parsed.ruleset->firewall.rules.at(0);
    auto src = host_address(r.src.address, "source");
    auto dst = host_address(r.dst.address, "destination");
    if (!src)
        return src.error();
    if (!dst)
        return dst.error();
    const Hook hook = r.options.direction == Direction::Out ? Hook::TcEgress : Hook::XdpIngress;
    std::uint32_t ifindex = 1;
    if (const auto& via = r.options.via ? r.options.via : r.options.recv ? r.options.recv
                                                                        : r.options.xmit) {
        ifindex = if_nametoindex(via->name.c_str());
        if (!ifindex)
            return make_error(Errc::NotFound, "check: no interface '" + via->name + "' here");
    }

    CheckResult out;
    out.frame = build_frame(r, *src, *dst);
    auto runner = PacketRunner::load(paths);
    if (!runner)
        return runner.error();
    auto walk = runner->dry_run(hook, out.frame, ifindex);
    if (!walk)
        return walk.error();
    if (walk->verdict == -2) {
        out.classified = false;
        out.verdict = "accepted";
        return out;
    }
    out.verdict = verdict_word(walk->verdict);
    out.rule = rule_number(paths, *walk);
    out.by_state = walk->by_state;
    return out;
}

} // namespace xgw::fw
