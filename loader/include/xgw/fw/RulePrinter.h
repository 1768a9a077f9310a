// The canonical text of rules, as `xgw fw list` and `save` show them, and of the [tables] and
// [set] statements `save` writes; parsing it gives back the same rules and statements.
#pragma once

#include <string>
#include <vector>
#include <xgw/fw/Ast.h>

namespace xgw::fw {

// "00100 allow tcp from any to me 25 setup"
std::string printRule(const Rule& rule);
// One rule per line, loadable with parseRuleset.
std::string printRuleset(const Ruleset& ruleset);
// [tables] statements: "friends 192.0.2.0/24 2001:db8::1", a line per 8 entries ("NAME" alone
// for an empty table).
std::vector<std::string> printTables(const std::map<std::string, std::vector<IpPrefix>>& tables);
// [set] statements: "policy deny", then "dyn_ack_lifetime 300" per lifetime named.
std::vector<std::string> printSettings(const Settings& settings);

// Name used in text and messages: ip, ip4, ip6, tcp, udp, icmp, icmp6, sctp, or the number.
std::string protocolName(const Protocol& protocol);
std::string actionText(const Action& action);
std::string addressText(const AddressMatch& address);

} // namespace xgw::fw
