#include "fw/EndpointParser.h"

#include <algorithm>

#include "fw/Keywords.h"

namespace xgw::fw {
namespace {

constexpr std::string_view kAddressWhat =
    "an address (any, me, me6, an IPv4 or IPv6 address or prefix, {list} or table(NAME))";
constexpr std::string_view kListItemWhat = "an IPv4 or IPv6 address or prefix";

bool numericRange(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(),
                                        [](char c) { return (c >= '0' && c <= '9') || c == '-'; });
}

} // namespace

bool EndpointParser::parse(Endpoint& endpoint, Side side) {
    if (!parseAddress(endpoint.address))
        return false;
    if (cursor_.peek().isWord("port")) {
        endpoint.ports_loc = cursor_.next().loc;
        return parsePorts(endpoint, "a port or port range");
    }
    if (!portsFollow(side))
        return true;
    endpoint.ports_loc = cursor_.peek().loc;
    return parsePorts(endpoint, side == Side::Source ? "a port, port range or 'to'"
                                                     : "a port, port range, option or end of line");
}

bool EndpointParser::parseAddress(AddressMatch& address) {
    address.loc = cursor_.peek().loc;
    address.negated = cursor_.acceptWord("not") || cursor_.accept(TokenKind::Bang);
    const Token& token = cursor_.peek();
    if (token.is(TokenKind::LBrace))
        return parseAddressList(address);
    if (token.isWord("table"))
        return parseTable(address);
    if (token.isWord("any") || token.isWord("me") || token.isWord("me6")) {
        address.kind = token.text == "any"  ? AddressKind::Any
                       : token.text == "me" ? AddressKind::Me
                                            : AddressKind::Me6;
        cursor_.next();
        return true;
    }
    auto prefix = cursor_.prefix(kAddressWhat);
    if (!prefix)
        return false;
    address.kind = AddressKind::Prefixes;
    address.prefixes.push_back(*prefix);
    return true;
}

// {a, b/24, c}: any of them.
bool EndpointParser::parseAddressList(AddressMatch& address) {
    cursor_.next();
    address.kind = AddressKind::Prefixes;
    do {
        auto prefix = cursor_.prefix(kListItemWhat);
        if (!prefix)
            return false;
        address.prefixes.push_back(*prefix);
    } while (cursor_.accept(TokenKind::Comma));
    if (!cursor_.accept(TokenKind::RBrace))
        return cursor_.expected("',' or '}'");
    return true;
}

bool EndpointParser::parseTable(AddressMatch& address) {
    cursor_.next();
    if (!cursor_.accept(TokenKind::LParen))
        return cursor_.expected("'('");
    if (!cursor_.peek().is(TokenKind::Word))
        return cursor_.expected("a table name");
    address.kind = AddressKind::Table;
    address.table = cursor_.next().text;
    if (!cursor_.accept(TokenKind::RParen))
        return cursor_.expected("')'");
    return true;
}

// Without the `port` keyword, a word after the address is a port unless it is what may follow.
bool EndpointParser::portsFollow(Side side) const {
    const Token& token = cursor_.peek();
    if (!token.is(TokenKind::Word))
        return false;
    if (side == Side::Source)
        return token.text != "to";
    return !keywords::isOptionKeyword(token.text);
}

bool EndpointParser::parsePorts(Endpoint& endpoint, std::string_view what) {
    do {
        auto range = parsePortItem(what);
        if (!range)
            return false;
        endpoint.ports.push_back(*range);
        what = "a port or port range";
    } while (cursor_.accept(TokenKind::Comma));
    return true;
}

// N, N-M, a service name, or a range of names; names may hold '-' themselves (netbios-ns).
std::optional<PortRange> EndpointParser::parsePortItem(std::string_view what) {
    const Token& token = cursor_.peek();
    std::string_view text = token.text;
    std::optional<PortRange> range;
    if (!token.is(TokenKind::Word)) {
        cursor_.expected(what);
        return std::nullopt;
    }
    if (auto port = lookupPort(text)) {
        range = PortRange{*port, *port};
    }
    for (size_t dash = text.find('-'); !range && dash != std::string_view::npos;
         dash = text.find('-', dash + 1)) {
        auto lo = lookupPort(text.substr(0, dash));
        auto hi = lookupPort(text.substr(dash + 1));
        if (lo && hi)
            range = PortRange{*lo, *hi};
    }
    if (!range) {
        if (numericRange(text))
            cursor_.error(token.loc, "port '" + token.text + "' is out of range (0-65535)");
        else
            cursor_.expected(what);
        return std::nullopt;
    }
    if (range->lo > range->hi) {
        cursor_.error(token.loc, "port range '" + token.text +
                                     "' has its low end above its "
                                     "high end");
        return std::nullopt;
    }
    cursor_.next();
    return range;
}

std::optional<uint16_t> EndpointParser::lookupPort(std::string_view text) const {
    if (auto value = parseDecimal(text))
        return *value <= 65535 ? std::optional<uint16_t>(static_cast<uint16_t>(*value))
                               : std::nullopt;
    if (!services_)
        return std::nullopt;
    if (protocol_.is(kProtoUdp))
        return services_->port(text, "udp");
    if (protocol_.is(kProtoSctp))
        return services_->port(text, "sctp");
    if (auto port = services_->port(text, "tcp"); port || protocol_.is(kProtoTcp))
        return port;
    // Protocols without ports: resolve anyway, so that the checker's complaint is the one shown.
    return services_->port(text, "udp");
}

} // namespace xgw::fw
