#include "fw/Keywords.h"

#include <algorithm>
#include <array>
#include <utility>

namespace xgw::fw::keywords {
namespace {

constexpr std::array<std::pair<std::string_view, ActionKind>, 14> kActions{{
    {"allow", ActionKind::Allow},
    {"accept", ActionKind::Allow},
    {"pass", ActionKind::Allow},
    {"permit", ActionKind::Allow},
    {"deny", ActionKind::Deny},
    {"drop", ActionKind::Deny},
    {"reject", ActionKind::Reject},
    {"unreach", ActionKind::Unreach},
    {"count", ActionKind::Count},
    {"skipto", ActionKind::Skipto},
    {"check-state", ActionKind::CheckState},
    {"setmark", ActionKind::SetMark},
    {"setfib", ActionKind::SetFib},
    {"fwd", ActionKind::Fwd},
}};

// ipfw(8) names, index = ICMP code.
constexpr std::array<std::string_view, 16> kUnreachCodes{
    "net",      "host",          "protocol",        "port",
    "needfrag", "srcfail",       "net-unknown",     "host-unknown",
    "isolated", "net-prohib",    "host-prohib",     "tosnet",
    "toshost",  "filter-prohib", "host-precedence", "precedence-cutoff",
};

constexpr std::array<std::string_view, 8> kTcpFlags{"fin", "syn", "rst", "psh",
                                                    "ack", "urg", "ece", "cwr"};

constexpr std::array<std::pair<std::string_view, uint8_t>, 9> kProtocols{{
    {"icmp", 1},
    {"igmp", 2},
    {"tcp", 6},
    {"udp", 17},
    {"gre", 47},
    {"esp", 50},
    {"ah", 51},
    {"icmp6", 58},
    {"sctp", 132},
}};

constexpr std::array<std::string_view, 12> kOptions{
    "in",          "out",      "via",       "recv",       "xmit", "setup",
    "established", "tcpflags", "icmptypes", "icmp6types", "frag", "keep-state",
};

} // namespace

std::optional<ActionKind> action(std::string_view word) {
    for (auto& [name, kind] : kActions)
        if (name == word)
            return kind;
    return std::nullopt;
}

std::string_view actionName(ActionKind kind) {
    for (auto& [name, k] : kActions)
        if (k == kind)
            return name;
    return "?";
}

std::optional<uint8_t> unreachCode(std::string_view name) {
    auto it = std::find(kUnreachCodes.begin(), kUnreachCodes.end(), name);
    if (it == kUnreachCodes.end())
        return std::nullopt;
    return static_cast<uint8_t>(it - kUnreachCodes.begin());
}

std::string unreachCodeText(uint8_t code) {
    return code < kUnreachCodes.size() ? std::string(kUnreachCodes[code]) : std::to_string(code);
}

std::optional<uint8_t> tcpFlag(std::string_view name) {
    auto it = std::find(kTcpFlags.begin(), kTcpFlags.end(), name);
    if (it == kTcpFlags.end())
        return std::nullopt;
    return static_cast<uint8_t>(1u << (it - kTcpFlags.begin()));
}

std::string_view tcpFlagName(uint8_t bit) {
    for (size_t i = 0; i < kTcpFlags.size(); ++i)
        if (bit == (1u << i))
            return kTcpFlags[i];
    return "?";
}

std::optional<uint8_t> builtinProtocol(std::string_view name) {
    for (auto& [n, number] : kProtocols)
        if (n == name)
            return number;
    return std::nullopt;
}

std::optional<std::string_view> builtinProtocolName(uint8_t number) {
    for (auto& [name, n] : kProtocols)
        if (n == number)
            return name;
    return std::nullopt;
}

bool isOptionKeyword(std::string_view word) {
    return word == "ipsec" || std::find(kOptions.begin(), kOptions.end(), word) != kOptions.end();
}

std::string_view optionList() {
    return "in, out, via, recv, xmit, setup, established, tcpflags, icmptypes, frag, "
           "keep-state";
}

} // namespace xgw::fw::keywords
