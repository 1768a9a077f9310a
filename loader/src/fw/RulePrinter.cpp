#include <xgw/fw/RulePrinter.h>

#include <xgw/fw/FlowLifetimes.h>

#include <cstdio>

#include "fw/Keywords.h"

namespace xgw::fw {
namespace {

std::string portsText(const std::vector<PortRange>& ports) {
    std::string out;
    for (const auto& range : ports) {
        if (!out.empty())
            out += ",";
        out += std::to_string(range.lo);
        if (range.hi != range.lo)
            out += "-" + std::to_string(range.hi);
    }
    return out;
}

std::string endpointText(const Endpoint& endpoint) {
    std::string out = addressText(endpoint.address);
    if (!endpoint.ports.empty())
        out += " " + portsText(endpoint.ports);
    return out;
}

std::string tcpFlagsText(const TcpFlagsMatch& flags) {
    std::string out;
    for (unsigned bit = 1; bit <= 0x80; bit <<= 1) {
        if (!((flags.set | flags.clear) & bit))
            continue;
        if (!out.empty())
            out += ",";
        out += (flags.clear & bit ? "!" : "") +
               std::string(keywords::tcpFlagName(static_cast<uint8_t>(bit)));
    }
    return out;
}

std::string icmpTypesText(const IcmpTypesMatch& icmp) {
    std::string out;
    for (size_t type = 0; type < icmp.types.size(); ++type)
        if (icmp.types.test(type))
            out += (out.empty() ? "" : ",") + std::to_string(type);
    return out;
}

std::string ipsecText(const IpsecMatch& ipsec) {
    std::string out = " ipsec";
    if (ipsec.dir)
        out += *ipsec.dir == Direction::In ? " dir in" : " dir out";
    if (ipsec.mode)
        out += *ipsec.mode == IpsecMode::Tunnel ? " mode tunnel" : " mode transport";
    if (ipsec.tunnel_src)
        out += " tunnel-src " + ipsec.tunnel_src->str();
    if (ipsec.tunnel_dst)
        out += " tunnel-dst " + ipsec.tunnel_dst->str();
    if (ipsec.spi)
        out += " spi " + std::to_string(*ipsec.spi);
    if (ipsec.reqid)
        out += " reqid " + std::to_string(*ipsec.reqid);
    return out;
}

std::string optionsText(const RuleOptions& o) {
    std::string out;
    if (o.direction != Direction::Both)
        out += o.direction == Direction::In ? " in" : " out";
    if (o.via)
        out += " via " + o.via->name;
    if (o.recv)
        out += " recv " + o.recv->name;
    if (o.xmit)
        out += " xmit " + o.xmit->name;
    if (o.setup)
        out += " setup";
    if (o.established)
        out += " established";
    if (o.tcpflags)
        out += " tcpflags " + tcpFlagsText(*o.tcpflags);
    if (o.icmptypes)
        out += " icmptypes " + icmpTypesText(*o.icmptypes);
    if (o.frag)
        out += " frag";
    if (o.keep_state)
        out += " keep-state";
    if (o.ipsec)
        out += ipsecText(*o.ipsec);
    return out;
}

} // namespace

std::string protocolName(const Protocol& protocol) {
    switch (protocol.kind) {
    case ProtoKind::Any:
        return "ip";
    case ProtoKind::Ip4:
        return "ip4";
    case ProtoKind::Ip6:
        return "ip6";
    case ProtoKind::Number:
        break;
    }
    if (auto name = keywords::builtinProtocolName(protocol.number))
        return std::string(*name);
    return std::to_string(protocol.number);
}

std::string actionText(const Action& action) {
    std::string out(keywords::actionName(action.kind));
    if (action.kind == ActionKind::Unreach)
        out += " " + keywords::unreachCodeText(static_cast<uint8_t>(action.argument));
    if (action.kind == ActionKind::Skipto)
        out += " " + std::to_string(action.argument);
    if (action.kind == ActionKind::SetMark) {
        char mark[32];
        if (action.mask == kUserMarkMask)
            std::snprintf(mark, sizeof mark, " 0x%x", action.value);
        else
            std::snprintf(mark, sizeof mark, " 0x%x/0x%x", action.value, action.mask);
        out += mark;
    }
    if (action.kind == ActionKind::SetFib)
        out += " " + std::to_string(action.value);
    if (action.kind == ActionKind::Fwd && action.nexthop)
        out += " " + action.nexthop->str();
    return out;
}

std::string addressText(const AddressMatch& address) {
    std::string out = address.negated ? "not " : "";
    switch (address.kind) {
    case AddressKind::Any:
        return out + "any";
    case AddressKind::Me:
        return out + "me";
    case AddressKind::Me6:
        return out + "me6";
    case AddressKind::Table:
        return out + "table(" + address.table + ")";
    case AddressKind::Prefixes:
        break;
    }
    if (address.prefixes.size() == 1)
        return out + address.prefixes.front().str();
    std::string list;
    for (const auto& prefix : address.prefixes)
        list += (list.empty() ? "" : ",") + prefix.str();
    return out + "{" + list + "}";
}

std::string printRule(const Rule& rule) {
    char number[8];
    std::snprintf(number, sizeof number, "%05u", static_cast<unsigned>(rule.number));
    std::string out = std::string(number) + " " + actionText(rule.action);
    if (rule.log) {
        out += " log";
        if (rule.log->amount)
            out += " logamount " + std::to_string(*rule.log->amount);
    }
    if (rule.action.kind == ActionKind::CheckState)
        return out;
    out += " " + protocolName(rule.protocol) + " from " + endpointText(rule.src) + " to " +
           endpointText(rule.dst);
    return out + optionsText(rule.options);
}

std::string printRuleset(const Ruleset& ruleset) {
    std::string out;
    for (const auto& rule : ruleset.firewall.rules)
        out += printRule(rule) + "\n";
    return out;
}

std::vector<std::string> printTables(const std::map<std::string, std::vector<IpPrefix>>& tables) {
    constexpr std::size_t kPerLine = 8;
    std::vector<std::string> out;
    for (const auto& [name, prefixes] : tables) {
        std::size_t i = 0;
        do {
            std::string line = name;
            for (std::size_t n = 0; n < kPerLine && i < prefixes.size(); n++, i++)
                line += " " + prefixes[i].str();
            out.push_back(line);
        } while (i < prefixes.size());
    }
    return out;
}

std::vector<std::string> printSettings(const Settings& settings) {
    std::vector<std::string> out;
    if (settings.policy)
        out.push_back(std::string("policy ") +
                      (*settings.policy == Policy::Deny ? "deny" : "accept"));
    for (auto name : kLifetimeNames) // in ipfw's order
        if (auto it = settings.lifetimes.find(std::string(name)); it != settings.lifetimes.end())
            out.push_back(it->first + " " + std::to_string(it->second));
    return out;
}

} // namespace xgw::fw
