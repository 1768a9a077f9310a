#include "fw/SetSectionParser.h"

#include <xgw/fw/FlowLifetimes.h>

#include <cstdint>

namespace xgw::fw {

// A later statement naming the same setting wins, as a later `xgw fw set` would.
void SetSectionParser::statement(TokenCursor& cursor) {
    const Token& name = cursor.peek();
    bool ok = true;
    if (cursor.acceptWord("policy")) {
        // The spellings `xgw fw policy` takes.
        if (cursor.acceptWord("accept") || cursor.acceptWord("allow") || cursor.acceptWord("pass"))
            settings_.policy = Policy::Accept;
        else if (cursor.acceptWord("deny") || cursor.acceptWord("drop"))
            settings_.policy = Policy::Deny;
        else
            ok = cursor.expected("accept, allow, pass, deny or drop");
    } else if (name.is(TokenKind::Word) && lifetime_index(name.text)) {
        cursor.next();
        auto seconds = cursor.number("a lifetime in seconds", 1, UINT32_MAX);
        if (seconds)
            settings_.lifetimes[name.text] = *seconds;
        ok = seconds.has_value();
    } else
        ok = cursor.expected("policy or a flow lifetime (" + lifetime_list() + ")");
    if (ok && !cursor.atEnd())
        cursor.expected("end of line");
}

} // namespace xgw::fw
