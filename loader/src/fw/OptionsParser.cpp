#include "fw/OptionsParser.h"

#include <net/if.h>

#include "fw/Keywords.h"

namespace xgw::fw {

bool OptionsParser::parse(RuleOptions& options) {
    while (!cursor_.atEnd())
        if (!parseOne(options))
            return false;
    return true;
}

bool OptionsParser::parseOne(RuleOptions& options) {
    const Token& token = cursor_.peek();
    const std::string& word = token.is(TokenKind::Word) ? token.text : std::string();
    if (word == "in" || word == "out")
        return parseDirection(options, word == "in" ? Direction::In : Direction::Out);
    if (word == "via")
        return parseInterface(options.via);
    if (word == "recv")
        return parseInterface(options.recv);
    if (word == "xmit")
        return parseInterface(options.xmit);
    if (word == "setup")
        return parseFlag(options.setup);
    if (word == "established")
        return parseFlag(options.established);
    if (word == "frag")
        return parseFlag(options.frag);
    if (word == "keep-state")
        return parseFlag(options.keep_state);
    if (word == "tcpflags")
        return parseTcpFlags(options);
    if (word == "icmptypes" || word == "icmp6types")
        return parseIcmpTypes(options);
    if (word == "ipsec")
        return parseIpsec(options);
    return cursor_.expected("an option (" + std::string(keywords::optionList()) + ")");
}

bool OptionsParser::twice(const Token& keyword) {
    return cursor_.error(keyword.loc, "option '" + keyword.text + "' is given twice");
}

bool OptionsParser::parseDirection(RuleOptions& options, Direction direction) {
    const Token& keyword = cursor_.next();
    if (options.direction == direction)
        return twice(keyword);
    if (options.direction != Direction::Both)
        return cursor_.error(keyword.loc, "'in' and 'out' exclude each other; a rule with "
                                          "neither matches both directions");
    options.direction = direction;
    options.direction_loc = keyword.loc;
    return true;
}

bool OptionsParser::parseInterface(std::optional<InterfaceMatch>& slot) {
    const Token& keyword = cursor_.next();
    if (slot)
        return twice(keyword);
    const Token& name = cursor_.peek();
    if (!name.is(TokenKind::Word) || keywords::isOptionKeyword(name.text))
        return cursor_.expected("an interface name");
    if (name.text.size() >= IFNAMSIZ)
        return cursor_.error(name.loc, "interface name '" + name.text + "' is longer than " +
                                           std::to_string(IFNAMSIZ - 1) + " characters");
    slot = InterfaceMatch{name.text, keyword.loc};
    cursor_.next();
    return true;
}

bool OptionsParser::parseFlag(std::optional<SourceLocation>& slot) {
    const Token& keyword = cursor_.next();
    if (slot)
        return twice(keyword);
    slot = keyword.loc;
    return true;
}

// tcpflags syn,!ack: '!' means the flag must be clear.
bool OptionsParser::parseTcpFlags(RuleOptions& options) {
    const Token& keyword = cursor_.next();
    if (options.tcpflags)
        return twice(keyword);
    TcpFlagsMatch match{0, 0, keyword.loc};
    do {
        bool clear = cursor_.accept(TokenKind::Bang);
        const Token& token = cursor_.peek();
        auto bit = token.is(TokenKind::Word) ? keywords::tcpFlag(token.text) : std::nullopt;
        if (!bit)
            return cursor_.expected("a TCP flag (fin, syn, rst, psh, ack, urg, ece, cwr)");
        if ((clear ? match.set : match.clear) & *bit)
            return cursor_.error(token.loc,
                                 "TCP flag '" + token.text + "' is both required and forbidden");
        (clear ? match.clear : match.set) |= *bit;
        cursor_.next();
    } while (cursor_.accept(TokenKind::Comma));
    options.tcpflags = match;
    return true;
}

bool OptionsParser::parseIcmpTypes(RuleOptions& options) {
    const Token& keyword = cursor_.next();
    if (options.icmptypes)
        return twice(keyword);
    IcmpTypesMatch match{{}, keyword.loc};
    do {
        auto type = cursor_.number("an ICMP type", 0, 255);
        if (!type)
            return false;
        match.types.set(*type);
    } while (cursor_.accept(TokenKind::Comma));
    options.icmptypes = match;
    return true;
}

// ipsec [dir in|out] [mode tunnel|transport] [tunnel-src P] [tunnel-dst P] [spi N] [reqid N]
bool OptionsParser::parseIpsec(RuleOptions& options) {
    const Token& keyword = cursor_.next();
    if (options.ipsec)
        return twice(keyword);
    IpsecMatch ipsec;
    ipsec.loc = keyword.loc;
    while (!cursor_.atEnd() && !keywords::isOptionKeyword(cursor_.peek().text))
        if (!parseIpsecField(ipsec))
            return false;
    options.ipsec = ipsec;
    return true;
}

bool OptionsParser::parseIpsecField(IpsecMatch& ipsec) {
    const Token& field = cursor_.peek();
    const std::string& name = field.text;
    if (name == "dir" || name == "mode") {
        if (name == "dir" ? ipsec.dir.has_value() : ipsec.mode.has_value())
            return twice(field);
        cursor_.next();
        if (name == "dir" && (cursor_.peek().isWord("in") || cursor_.peek().isWord("out")))
            ipsec.dir = cursor_.next().text == "in" ? Direction::In : Direction::Out;
        else if (name == "mode" && cursor_.acceptWord("tunnel"))
            ipsec.mode = IpsecMode::Tunnel;
        else if (name == "mode" && cursor_.acceptWord("transport"))
            ipsec.mode = IpsecMode::Transport;
        else
            return cursor_.expected(name == "dir" ? "'in' or 'out'" : "'tunnel' or 'transport'");
        return true;
    }
    if (name == "tunnel-src" || name == "tunnel-dst") {
        auto& slot = name == "tunnel-src" ? ipsec.tunnel_src : ipsec.tunnel_dst;
        if (slot)
            return twice(field);
        cursor_.next();
        slot = cursor_.prefix("an IPv4 or IPv6 address or prefix");
        return slot.has_value();
    }
    if (name == "spi" || name == "reqid") {
        auto& slot = name == "spi" ? ipsec.spi : ipsec.reqid;
        if (slot)
            return twice(field);
        cursor_.next();
        slot = cursor_.number("a number", 0, UINT32_MAX);
        return slot.has_value();
    }
    return cursor_.expected("an ipsec field (dir, mode, tunnel-src, tunnel-dst, spi, reqid) "
                            "or an option");
}

} // namespace xgw::fw
