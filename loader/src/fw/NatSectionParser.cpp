#include "fw/NatSectionParser.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <optional>
#include <string_view>

namespace xgw::fw {
namespace {

using nat::NatKind;
using nat::NatRule;
using nat::PortRange;

std::optional<std::uint32_t> ipv4(std::string_view text) {
    in_addr a{};
    if (inet_pton(AF_INET, std::string(text).c_str(), &a) != 1)
        return std::nullopt;
    return ntohl(a.s_addr);
}

std::optional<PortRange> port_range(std::string_view text) {
    auto dash = text.find('-');
    auto lo = parseDecimal(text.substr(0, dash));
    auto hi = dash == std::string_view::npos ? lo : parseDecimal(text.substr(dash + 1));
    if (!lo || !hi || *lo < 1 || *hi > 65535 || *lo > *hi)
        return std::nullopt;
    return PortRange{static_cast<std::uint16_t>(*lo), static_cast<std::uint16_t>(*hi)};
}

std::uint32_t range_size(const PortRange& r) { return std::uint32_t(r.hi) - r.lo + 1; }

// One statement, in the order of the grammar; false after the first error.
class NatStatement {
  public:
    NatStatement(TokenCursor& cursor, NatRule& rule) : c_(cursor), r_(rule) {}

    bool parse() {
        const Token& kind = c_.peek();
        r_.loc = kind.loc;
        if (c_.acceptWord("masquerade")) {
            r_.kind = NatKind::Masquerade;
            return ifname(r_.ifname) && from() && end();
        }
        if (c_.acceptWord("snat")) {
            r_.kind = NatKind::Snat;
            return ifname(r_.ifname) && keyword("to") && pool() && from() && end();
        }
        if (c_.acceptWord("redirect-port")) {
            r_.kind = NatKind::RedirectPort;
            return protocol() && inside_ports() && public_ports() && via() && end();
        }
        if (c_.acceptWord("redirect-addr")) {
            r_.kind = NatKind::RedirectAddr;
            return address("an inside IPv4 address", r_.addr_lo) &&
                   address("a public IPv4 address", r_.public_addr) && via() && end();
        }
        return c_.expected("masquerade, snat, redirect-port or redirect-addr");
    }

  private:
    bool word(std::string_view what, Token& out) {
        if (!c_.peek().is(TokenKind::Word))
            return c_.expected(what);
        out = c_.next();
        return true;
    }
    bool keyword(std::string_view w) { return c_.acceptWord(w) || c_.expected("'" + std::string(w) + "'"); }
    bool end() { return c_.atEnd() || c_.expected("end of line"); }

    bool ifname(std::string& out) {
        Token t;
        if (!word("an interface name", t))
            return false;
        out = t.text;
        return true;
    }
    bool address(std::string_view what, std::uint32_t& out) {
        Token t;
        if (!word(what, t))
            return false;
        auto a = ipv4(t.text);
        if (!a)
            return c_.error(t.loc, "'" + t.text + "' is not an IPv4 address");
        out = *a;
        return true;
    }
    bool from() {
        if (!c_.acceptWord("from"))
            return true;
        auto p = c_.prefix("a source IPv4 address or CIDR");
        if (!p)
            return false;
        if (p->family != IpFamily::V4)
            return c_.error(r_.loc, "NAT translates IPv4 only: 'from " + p->str() + "'");
        r_.from = *p;
        return true;
    }
    bool via() {
        if (!c_.acceptWord("via"))
            return r_.public_addr || c_.expected("'via IF' (a redirect without a public address "
                                                 "applies on one interface)");
        return ifname(r_.ifname);
    }
    // ADDR[-ADDR][:PORT[-PORT]]
    bool pool() {
        Token t;
        if (!word("an address or address range", t))
            return false;
        std::string_view text = t.text;
        auto colon = text.find(':');
        std::string_view addrs = text.substr(0, colon);
        auto dash = addrs.find('-');
        auto lo = ipv4(addrs.substr(0, dash));
        auto hi = dash == std::string_view::npos ? lo : ipv4(addrs.substr(dash + 1));
        if (!lo || !hi || *lo > *hi)
            return c_.error(t.loc, "'" + std::string(addrs) +
                                       "' is not an IPv4 address or a rising range ADDR-ADDR");
        r_.addr_lo = *lo;
        r_.addr_hi = *hi;
        if (colon == std::string_view::npos)
            return true;
        auto ports = port_range(text.substr(colon + 1));
        if (!ports)
            return c_.error(t.loc, "'" + std::string(text.substr(colon + 1)) +
                                       "' is not a port range (1-65535, low-high)");
        r_.ports = *ports;
        return true;
    }
    bool protocol() {
        if (c_.acceptWord("tcp"))
            r_.proto = IPPROTO_TCP;
        else if (c_.acceptWord("udp"))
            r_.proto = IPPROTO_UDP;
        else
            return c_.expected("tcp or udp");
        return true;
    }
    // INSIDE_ADDR:PORT[-PORT]
    bool inside_ports() {
        Token t;
        if (!word("INSIDE_ADDR:PORT", t))
            return false;
        auto colon = t.text.find(':');
        auto a = ipv4(std::string_view(t.text).substr(0, colon));
        if (colon == std::string::npos || !a)
            return c_.error(t.loc, "'" + t.text + "' is not INSIDE_ADDR:PORT[-PORT]");
        auto ports = port_range(std::string_view(t.text).substr(colon + 1));
        if (!ports)
            return c_.error(t.loc, "'" + t.text.substr(colon + 1) +
                                       "' is not a port range (1-65535, low-high)");
        r_.addr_lo = r_.addr_hi = *a;
        r_.ports = *ports;
        return true;
    }
    // [PUBLIC_ADDR:]PORT[-PORT]
    bool public_ports() {
        Token t;
        if (!word("[PUBLIC_ADDR:]PORT", t))
            return false;
        std::string_view text = t.text;
        auto colon = text.find(':');
        if (colon != std::string_view::npos) {
            auto a = ipv4(text.substr(0, colon));
            if (!a)
                return c_.error(t.loc, "'" + std::string(text.substr(0, colon)) +
                                           "' is not an IPv4 address");
            r_.public_addr = *a;
            text = text.substr(colon + 1);
        }
        auto ports = port_range(text);
        if (!ports)
            return c_.error(t.loc, "'" + std::string(text) + "' is not a port range (1-65535, low-high)");
        r_.public_ports = *ports;
        if (range_size(r_.ports) != 1 && range_size(r_.ports) != range_size(r_.public_ports))
            return c_.error(t.loc, "the inside range has " + std::to_string(range_size(r_.ports)) +
                                       " ports and the public one " +
                                       std::to_string(range_size(r_.public_ports)) +
                                       ": they must be equal, or the inside one a single port");
        return true;
    }

    TokenCursor& c_;
    NatRule& r_;
};

} // namespace

void NatSectionParser::statement(TokenCursor& cursor) {
    NatRule rule;
    if (NatStatement(cursor, rule).parse())
        rules_.push_back(std::move(rule));
}

} // namespace xgw::fw
