#include <xgw/fw/Diagnostic.h>

namespace xgw::fw {

std::string Diagnostic::render() const {
    std::string out = str();
    if (source_line.empty())
        return out;
    out += "\n" + source_line + "\n";
    // Keep tabs so the caret lines up however the terminal expands them.
    for (int i = 0; i + 1 < loc.column && i < static_cast<int>(source_line.size()); ++i)
        out += source_line[i] == '\t' ? '\t' : ' ';
    return out + "^";
}

} // namespace xgw::fw
