// The fixed vocabularies of the rule language, shared by the parser and the printer so that
// what is printed is always what parses.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <xgw/fw/Ast.h>

namespace xgw::fw::keywords {

// allow accept pass permit deny drop reject unreach count skipto check-state
std::optional<ActionKind> action(std::string_view word);
std::string_view actionName(ActionKind kind);

// ICMP unreachable codes by their ipfw names (net, host, port, ...).
std::optional<uint8_t> unreachCode(std::string_view name);
std::string unreachCodeText(uint8_t code);

// fin syn rst psh ack urg ece cwr
std::optional<uint8_t> tcpFlag(std::string_view name);
std::string_view tcpFlagName(uint8_t bit);

// Protocol names that need no protocols(5) file: tcp udp icmp icmp6 sctp and a few more.
std::optional<uint8_t> builtinProtocol(std::string_view name);
std::optional<std::string_view> builtinProtocolName(uint8_t number);

// Words that start an option; after an address they are never taken as a service name.
bool isOptionKeyword(std::string_view word);
// "in, out, via, ..." for messages.
std::string_view optionList();

} // namespace xgw::fw::keywords
