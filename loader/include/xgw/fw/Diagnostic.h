// One error found in rule text, with the place and the line it was found on.
#pragma once

#include <string>
#include <xgw/fw/SourceLocation.h>

namespace xgw::fw {

struct Diagnostic {
    SourceLocation loc;
    std::string message;     // "expected X after 'Y', found 'Z'"
    std::string source_line; // the line as written, so a caret can point at loc.column

    // "file:line:column: message"
    std::string str() const { return loc.str() + ": " + message; }
    // str(), then the source line and a caret under the column.
    std::string render() const;
};

} // namespace xgw::fw
