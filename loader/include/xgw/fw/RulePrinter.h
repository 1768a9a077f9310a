// The canonical text of rules, as `xgw fw list` and `save` show them; parsing it gives back
// the same rules.
#pragma once

#include <string>
#include <xgw/fw/Ast.h>

namespace xgw::fw {

// "00100 allow tcp from any to me 25 setup"
std::string printRule(const Rule& rule);
// One rule per line, loadable with parseRuleset.
std::string printRuleset(const Ruleset& ruleset);

// Name used in text and messages: ip, ip4, ip6, tcp, udp, icmp, icmp6, sctp, or the number.
std::string protocolName(const Protocol& protocol);
std::string actionText(const Action& action);
std::string addressText(const AddressMatch& address);

} // namespace xgw::fw
