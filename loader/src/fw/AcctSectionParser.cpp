#include "fw/AcctSectionParser.h"

#include <algorithm>

namespace xgw::fw {
namespace {

template <typename T> void add_once(std::vector<T>& list, const T& item) {
    if (std::find(list.begin(), list.end(), item) == list.end())
        list.push_back(item);
}

} // namespace

void AcctSectionParser::opened() {
    if (!defs_)
        defs_.emplace();
}

// net CIDR..., port SPEC..., protocols, icmp-types, bytes ip|frame
void AcctSectionParser::statement(TokenCursor& cursor) {
    if (cursor.acceptWord("net")) {
        values(cursor, true);
        return;
    }
    if (cursor.acceptWord("port")) {
        values(cursor, false);
        return;
    }
    bool ok = true;
    if (cursor.acceptWord("protocols"))
        defs_->protocols = true;
    else if (cursor.acceptWord("icmp-types"))
        defs_->icmp_types = true;
    else if (cursor.acceptWord("bytes")) {
        if (cursor.acceptWord("frame"))
            defs_->bytes = acct::ByteCount::Frame;
        else if (cursor.acceptWord("ip"))
            defs_->bytes = acct::ByteCount::Ip;
        else
            ok = cursor.expected("'ip' or 'frame'");
    } else
        ok = cursor.expected("net, port, protocols, icmp-types or bytes");
    if (ok && !cursor.atEnd())
        cursor.expected("end of line");
}

// One or more values, separated by spaces or commas.
bool AcctSectionParser::values(TokenCursor& cursor, bool nets) {
    const char* what = nets ? "a CIDR (IPv4 or IPv6)" : "a port (tcp/N, udp/N, N, or a range)";
    if (cursor.atEnd())
        return cursor.expected(what);
    while (!cursor.atEnd()) {
        if (nets) {
            auto net = cursor.prefix(what);
            if (!net)
                return false;
            add_once(defs_->nets, *net);
        } else {
            if (!cursor.peek().is(TokenKind::Word))
                return cursor.expected(what);
            const Token& t = cursor.next();
            auto ports = acct::parse_ports(t.text);
            if (!ports)
                return cursor.error(t.loc, ports.error().message);
            for (const auto& port : *ports)
                add_once(defs_->ports, port);
        }
        if (cursor.accept(TokenKind::Comma) && cursor.atEnd())
            return cursor.expected(what);
    }
    return true;
}

} // namespace xgw::fw
