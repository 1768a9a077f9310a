// The lines of a configuration file kept as written, and the warnings found in them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace xgw::dns {

// Something the file says that a resolver ignores, with where it says it.
struct Warning {
    int line = 0; // 1-based
    std::string message;
};

// Splits text into lines without their newlines; a final newline adds no empty line.
std::vector<std::string> split_lines(std::string_view text);
// Joins lines, each ending in a newline.
std::string join_lines(const std::vector<std::string>& lines);
// The whitespace-separated words of a line up to a comment (a word starting with one of
// comment_chars ends the line).
std::vector<std::string> line_words(std::string_view line, std::string_view comment_chars = "#");
// "path:line: message"
std::string where(const std::string& path, int line, const std::string& message);

} // namespace xgw::dns
