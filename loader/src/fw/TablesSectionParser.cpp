#include "fw/TablesSectionParser.h"

#include <xgw/abi/fw.h>

#include <algorithm>

namespace xgw::fw {

// NAME, then prefixes separated by blanks or commas; none leaves the table empty.
void TablesSectionParser::statement(TokenCursor& cursor) {
    const Token& name = cursor.peek();
    if (!name.is(TokenKind::Word)) {
        cursor.expected("a table name");
        return;
    }
    if (name.text.size() >= XGW_FW_TABLE_NAME) {
        cursor.error(name.loc, "a table name has 1 to " + std::to_string(XGW_FW_TABLE_NAME - 1) +
                                   " characters");
        return;
    }
    cursor.next();
    std::vector<IpPrefix> prefixes;
    constexpr const char* kWhat = "an IPv4 or IPv6 address or prefix";
    while (!cursor.atEnd()) {
        auto p = cursor.prefix(kWhat);
        if (!p)
            return;
        prefixes.push_back(*p);
        if (cursor.accept(TokenKind::Comma) && cursor.atEnd()) {
            cursor.expected(kWhat);
            return;
        }
    }
    auto& entries = tables_[name.text];
    for (const auto& p : prefixes)
        if (std::find(entries.begin(), entries.end(), p) == entries.end())
            entries.push_back(p);
}

} // namespace xgw::fw
