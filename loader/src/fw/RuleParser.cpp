#include "fw/RuleParser.h"

#include "fw/EndpointParser.h"
#include "fw/Keywords.h"
#include "fw/OptionsParser.h"

#include <cctype>

namespace xgw::fw {

// [add] [NUM] [log ...] ACTION [log ...] BODY; check-state has no body.
std::optional<ParsedRule> RuleParser::parse() {
    ParsedRule parsed;
    Rule& rule = parsed.rule;
    rule.loc = cursor_.peek().loc;
    cursor_.acceptWord("add");
    if (!parseNumber(parsed))
        return std::nullopt;
    if (cursor_.peek().isWord("log") && !parseLog(rule))
        return std::nullopt;
    if (!parseAction(rule.action))
        return std::nullopt;
    if (cursor_.peek().isWord("log")) {
        if (rule.log) {
            cursor_.error(cursor_.peek().loc, "'log' is given twice");
            return std::nullopt;
        }
        if (!parseLog(rule))
            return std::nullopt;
    }
    if (rule.action.kind == ActionKind::CheckState) {
        if (!cursor_.atEnd()) {
            cursor_.expected("end of line (check-state takes no match conditions)");
            return std::nullopt;
        }
        return parsed;
    }
    if (!parseBody(rule))
        return std::nullopt;
    return parsed;
}

bool RuleParser::parseNumber(ParsedRule& parsed) {
    const Token& token = cursor_.peek();
    if (!token.is(TokenKind::Word) || !parseDecimal(token.text))
        return true;
    if (*parseDecimal(token.text) == kDefaultPolicyRuleNumber)
        return cursor_.error(token.loc, "rule number 65535 is reserved for the default policy; "
                                        "use 1-65534");
    auto number = cursor_.number("a rule number", 1, kMaxRuleNumber);
    if (!number)
        return false;
    parsed.rule.number = static_cast<uint16_t>(*number);
    parsed.numbered = true;
    return true;
}

bool RuleParser::parseLog(Rule& rule) {
    rule.log = LogSpec{std::nullopt, cursor_.next().loc};
    if (!cursor_.acceptWord("logamount"))
        return true;
    auto amount = cursor_.number("a number", 0, UINT32_MAX);
    if (!amount)
        return false;
    rule.log->amount = *amount;
    return true;
}

bool RuleParser::parseAction(Action& action) {
    const Token& token = cursor_.peek();
    auto kind = token.is(TokenKind::Word) ? keywords::action(token.text) : std::nullopt;
    if (!kind)
        return cursor_.expected(
            "an action (allow, deny, reject, unreach, count, skipto, check-state, setmark, "
            "setfib, fwd)");
    action = Action{};
    action.kind = *kind;
    action.loc = token.loc;
    cursor_.next();
    switch (*kind) {
    case ActionKind::SetMark:
        return parseMark(action);
    case ActionKind::SetFib: {
        auto table = cursor_.number("a routing table number", 1, UINT32_MAX);
        if (!table)
            return false;
        action.value = *table;
        return true;
    }
    case ActionKind::Fwd:
        return parseNextHop(action);
    default:
        break;
    }
    if (*kind == ActionKind::Skipto) {
        auto target = cursor_.number("a rule number", 1, kDefaultPolicyRuleNumber);
        if (!target)
            return false;
        action.argument = static_cast<uint16_t>(*target);
    } else if (*kind == ActionKind::Unreach) {
        return parseUnreachCode(action);
    }
    return true;
}

namespace {

// A mark number: decimal, or hexadecimal after 0x.
std::optional<uint64_t> parseMarkNumber(std::string_view text) {
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        if (text.size() > 10)
            return UINT64_MAX;
        uint64_t value = 0;
        for (char c : text.substr(2)) {
            int digit = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                        : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                        : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                                  : -1;
            if (digit < 0)
                return std::nullopt;
            value = value * 16 + static_cast<unsigned>(digit);
        }
        return value;
    }
    return parseDecimal(text);
}

} // namespace

// setmark N[/MASK]: N and MASK within the bits setmark may use, N within MASK.
bool RuleParser::parseMark(Action& action) {
    const Token& token = cursor_.peek();
    if (!token.is(TokenKind::Word))
        return cursor_.expected("a mark (N or N/MASK, decimal or 0x hexadecimal)");
    const std::string& text = token.text;
    const auto slash = text.find('/');
    auto value = parseMarkNumber(std::string_view(text).substr(0, slash));
    auto mask = slash == std::string::npos
                    ? std::optional<uint64_t>(kUserMarkMask)
                    : parseMarkNumber(std::string_view(text).substr(slash + 1));
    if (!value || !mask)
        return cursor_.expected("a mark (N or N/MASK, decimal or 0x hexadecimal)");
    if ((*value | *mask) & ~uint64_t{kUserMarkMask})
        return cursor_.error(token.loc, "mark " + text + " uses bits outside 0x00ffffff; bits "
                                        "24-31 are xgw's (setfib and fwd)");
    if (*value & ~*mask)
        return cursor_.error(token.loc, "mark " + text + " sets bits outside its mask");
    if (*mask == 0)
        return cursor_.error(token.loc, "mark " + text + " has an empty mask");
    action.value = static_cast<uint32_t>(*value);
    action.mask = static_cast<uint32_t>(*mask);
    cursor_.next();
    return true;
}

// fwd ADDR: one IPv4 or IPv6 address, not a prefix.
bool RuleParser::parseNextHop(Action& action) {
    const Token& token = cursor_.peek();
    auto loc = token.loc;
    auto text = token.is(TokenKind::Word) ? token.text : std::string();
    auto addr = cursor_.prefix("a next-hop address");
    if (!addr)
        return false;
    if (addr->length != (addr->family == IpFamily::V4 ? 32 : 128) ||
        text.find('/') != std::string::npos)
        return cursor_.error(loc, "next hop " + text + " must be one address, not a prefix");
    action.nexthop = *addr;
    return true;
}

bool RuleParser::parseUnreachCode(Action& action) {
    const Token& code = cursor_.peek();
    auto named = code.is(TokenKind::Word) ? keywords::unreachCode(code.text) : std::nullopt;
    if (named) {
        action.argument = *named;
        cursor_.next();
        return true;
    }
    if (!code.is(TokenKind::Word) || !parseDecimal(code.text))
        return cursor_.expected("an ICMP unreachable code (net, host, protocol, port, "
                                "needfrag, ..., or 0-255)");
    auto number = cursor_.number("an ICMP unreachable code", 0, 255);
    if (!number)
        return false;
    action.argument = static_cast<uint16_t>(*number);
    return true;
}

bool RuleParser::parseBody(Rule& rule) {
    if (!parseProtocol(rule.protocol))
        return false;
    if (!cursor_.acceptWord("from"))
        return cursor_.expected("'from'");
    EndpointParser endpoints(cursor_, services_, rule.protocol);
    if (!endpoints.parse(rule.src, Side::Source))
        return false;
    if (!cursor_.acceptWord("to"))
        return cursor_.expected("'to'");
    if (!endpoints.parse(rule.dst, Side::Destination))
        return false;
    return OptionsParser(cursor_).parse(rule.options);
}

bool RuleParser::parseProtocol(Protocol& protocol) {
    const Token& token = cursor_.peek();
    protocol.loc = token.loc;
    std::optional<uint8_t> number;
    if (token.isWord("ip") || token.isWord("all")) {
        protocol.kind = ProtoKind::Any;
    } else if (token.isWord("ip4")) {
        protocol.kind = ProtoKind::Ip4;
    } else if (token.isWord("ip6")) {
        protocol.kind = ProtoKind::Ip6;
    } else if (token.is(TokenKind::Word) && parseDecimal(token.text)) {
        auto value = cursor_.number("a protocol number", 0, 255);
        if (!value)
            return false;
        protocol = Protocol{ProtoKind::Number, static_cast<uint8_t>(*value), token.loc};
        return true;
    } else if (token.is(TokenKind::Word) &&
               ((number = keywords::builtinProtocol(token.text)) ||
                (services_ && (number = services_->protocol(token.text))))) {
        protocol.kind = ProtoKind::Number;
        protocol.number = *number;
    } else {
        return cursor_.expected("a protocol (ip, ip4, ip6, tcp, udp, icmp, icmp6, a number or "
                                "a name from /etc/protocols)");
    }
    cursor_.next();
    return true;
}

} // namespace xgw::fw
