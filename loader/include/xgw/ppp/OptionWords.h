// pppd's option-file words: whitespace-separated, '#' comments to the end of the line, words
// quoted with " or ' (newlines allowed inside), backslash escapes (\n \t \\ \" \ooo \xhh).
#pragma once

#include <xgw/Result.h>

#include <string>
#include <vector>

namespace xgw::ppp {

struct Word {
    std::string text;
    int line = 0;
    bool newline_before = false; // first word of its line (entries of secrets files end at one)
};

Result<std::vector<Word>> split_words(const std::string& text, const std::string& origin);

} // namespace xgw::ppp
