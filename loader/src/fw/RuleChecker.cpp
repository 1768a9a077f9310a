#include "fw/RuleChecker.h"

#include <optional>
#include <xgw/fw/RulePrinter.h>

namespace xgw::fw {
namespace {

// The one family every packet this address matches must have, if there is one.
std::optional<IpFamily> familyOf(const AddressMatch& address) {
    if (address.negated)
        return std::nullopt;
    if (address.kind == AddressKind::Me6)
        return IpFamily::V6;
    if (address.kind != AddressKind::Prefixes || address.prefixes.empty())
        return std::nullopt;
    IpFamily family = address.prefixes.front().family;
    for (const auto& prefix : address.prefixes)
        if (prefix.family != family)
            return std::nullopt;
    return family;
}

std::string familyName(IpFamily family) {
    return family == IpFamily::V4 ? "IPv4" : "IPv6";
}

bool takesPorts(const Protocol& protocol) {
    return protocol.is(kProtoTcp) || protocol.is(kProtoUdp) || protocol.is(kProtoSctp);
}

} // namespace

void RuleChecker::report(const SourceLocation& at, std::string message) {
    diagnostics_.push_back({at, std::move(message), {}});
}

void RuleChecker::check(const Rule& rule) {
    checkFamilies(rule);
    checkProtocolOptions(rule);
    checkFragments(rule);
    checkAction(rule);
    checkInterfaces(rule);
    checkNextHop(rule);
    checkIpsec(rule);
}

// fwd to an IPv4 next hop forwards IPv4 packets only: a rule that matches only IPv6 never can.
void RuleChecker::checkNextHop(const Rule& rule) {
    const Action& action = rule.action;
    if (action.kind != ActionKind::Fwd || !action.nexthop)
        return;
    auto family = rule.protocol.family();
    for (const Endpoint* side : {&rule.src, &rule.dst})
        if (!family)
            family = familyOf(side->address);
    if (family && *family != action.nexthop->family)
        report(action.loc, "next hop " + action.nexthop->str() + " is " +
                               familyName(action.nexthop->family) + " but the rule matches " +
                               familyName(*family) + " packets only");
}

// The data path sees an SA only on the way in, and only what bpf_skb_get_xfrm_state tells.
void RuleChecker::checkIpsec(const Rule& rule) {
    const auto& ipsec = rule.options.ipsec;
    if (!ipsec)
        return;
    if (ipsec->dir == Direction::Out || rule.options.direction == Direction::Out)
        report(ipsec->loc, "'ipsec' matches inbound packets only: the outbound policy is the "
                           "route's, which no BPF program can read");
    if (ipsec->mode)
        report(ipsec->loc, "'ipsec mode' cannot be matched: the data path learns the SA's spi, "
                           "reqid and remote address only");
    if (ipsec->tunnel_dst)
        report(ipsec->loc, "'ipsec tunnel-dst' cannot be matched: the data path learns the SA's "
                           "spi, reqid and remote address (tunnel-src) only");
}

void RuleChecker::checkFamilies(const Rule& rule) {
    auto protocol = rule.protocol.family();
    auto src = familyOf(rule.src.address);
    auto dst = familyOf(rule.dst.address);
    for (const Endpoint* side : {&rule.src, &rule.dst}) {
        auto family = familyOf(side->address);
        if (protocol && family && *protocol != *family)
            report(side->address.loc, "address " + addressText(side->address) + " is " +
                                          familyName(*family) + " but protocol '" +
                                          protocolName(rule.protocol) + "' is " +
                                          familyName(*protocol) + " only");
    }
    // With a protocol family, the mismatch is already reported against the protocol.
    if (src && dst && *src != *dst && !protocol)
        report(rule.dst.address.loc, "the source is " + familyName(*src) + " and the destination " +
                                         familyName(*dst) + ": the rule can never match");
}

void RuleChecker::checkProtocolOptions(const Rule& rule) {
    const RuleOptions& o = rule.options;
    std::string proto = "'" + protocolName(rule.protocol) + "'";
    for (const Endpoint* side : {&rule.src, &rule.dst})
        if (!side->ports.empty() && !takesPorts(rule.protocol))
            report(side->ports_loc, "ports need protocol tcp, udp or sctp, not " + proto);
    // As in ipfw, `ip`/`ip4`/`ip6` rules may carry TCP options: then only TCP packets match.
    const bool tcp_possible = rule.protocol.is(kProtoTcp) || rule.protocol.kind != ProtoKind::Number;
    if (!tcp_possible) {
        if (o.setup)
            report(*o.setup, "'setup' needs protocol tcp, not " + proto);
        if (o.established)
            report(*o.established, "'established' needs protocol tcp, not " + proto);
        if (o.tcpflags)
            report(o.tcpflags->loc, "'tcpflags' needs protocol tcp, not " + proto);
    }
    if (o.setup && o.established)
        report(*o.established, "'setup' and 'established' exclude each other");
    if (o.icmptypes && !rule.protocol.is(kProtoIcmp) && !rule.protocol.is(kProtoIcmp6))
        report(o.icmptypes->loc, "'icmptypes' needs protocol icmp or icmp6, not " + proto);
}

// Only non-first fragments match `frag`, and they carry no transport header to look into.
void RuleChecker::checkFragments(const Rule& rule) {
    const RuleOptions& o = rule.options;
    if (!o.frag)
        return;
    bool transport = !rule.src.ports.empty() || !rule.dst.ports.empty() || o.setup ||
                     o.established || o.tcpflags || o.icmptypes;
    if (transport)
        report(*o.frag, "'frag' matches only fragments after the first, which have no ports, "
                        "TCP flags or ICMP type to match");
}

void RuleChecker::checkAction(const Rule& rule) {
    const Action& action = rule.action;
    if (action.kind == ActionKind::Skipto && action.argument <= rule.number)
        report(action.loc, "skipto target " + std::to_string(action.argument) +
                               " must be greater than this rule's number " +
                               std::to_string(rule.number));
    if (rule.options.keep_state && action.kind != ActionKind::Allow)
        report(*rule.options.keep_state,
               "'keep-state' needs action 'allow', not '" + actionText(action) + "'");
}

// xmit names the way out, which an ingress (XDP) rule never knows.
void RuleChecker::checkInterfaces(const Rule& rule) {
    const RuleOptions& o = rule.options;
    if (o.xmit && o.direction == Direction::In)
        report(o.xmit->loc, "'xmit' cannot match 'in' packets: the outgoing interface is not "
                            "known on ingress; use 'recv' or 'via'");
    if (o.via && (o.recv || o.xmit))
        report(o.via->loc, "'via' cannot be combined with 'recv' or 'xmit'; use 'recv' and "
                           "'xmit' alone");
}

} // namespace xgw::fw
