// Where a construct of the rule language was written.
#pragma once

#include <string>

namespace xgw::fw {

struct SourceLocation {
    std::string file;
    int line = 0;   // 1-based
    int column = 0; // 1-based, in bytes; a tab counts as one column

    std::string str() const {
        return file + ":" + std::to_string(line) + ":" + std::to_string(column);
    }

    // A location says where a rule was written, not what it means: rules that mean the same
    // compare equal wherever they stand (round-trip checks, counter carry-over on reload).
    // Compare line and column directly when the position itself is the point.
    friend bool operator==(const SourceLocation&, const SourceLocation&) { return true; }
};

} // namespace xgw::fw
