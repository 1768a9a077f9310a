#include <xgw/ppp/OptionWords.h>

#include <cctype>

namespace xgw::ppp {
namespace {

// One backslash escape starting after the backslash at text[i]; advances i past it.
char unescape(const std::string& text, std::size_t& i) {
    const char c = text[i++];
    switch (c) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    case 'b': return '\b';
    case 'f': return '\f';
    case 'a': return '\a';
    case 'v': return '\v';
    case 'x': {
        int v = 0, n = 0;
        while (n < 2 && i < text.size() && std::isxdigit(static_cast<unsigned char>(text[i]))) {
            v = v * 16 + std::stoi(std::string(1, text[i++]), nullptr, 16);
            ++n;
        }
        return static_cast<char>(v);
    }
    default:
        if (c >= '0' && c <= '7') {
            int v = c - '0', n = 1;
            while (n < 3 && i < text.size() && text[i] >= '0' && text[i] <= '7') {
                v = v * 8 + (text[i++] - '0');
                ++n;
            }
            return static_cast<char>(v);
        }
        return c;
    }
}

} // namespace

Result<std::vector<Word>> split_words(const std::string& text, const std::string& origin) {
    std::vector<Word> words;
    int line = 1;
    bool at_line_start = true;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == '\n') {
            ++line, ++i;
            at_line_start = true;
            continue;
        }
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
            continue;
        }
        if (c == '#') {
            while (i < text.size() && text[i] != '\n')
                ++i;
            continue;
        }
        Word w{"", line, at_line_start};
        at_line_start = false;
        char quote = 0;
        while (i < text.size()) {
            const char d = text[i];
            if (quote) {
                if (d == quote) {
                    quote = 0, ++i;
                } else if (d == '\\' && i + 1 < text.size()) {
                    ++i;
                    w.text += unescape(text, i);
                } else {
                    line += d == '\n';
                    w.text += d, ++i;
                }
                continue;
            }
            if (std::isspace(static_cast<unsigned char>(d)))
                break;
            if (d == '"' || d == '\'') {
                quote = d, ++i;
            } else if (d == '\\' && i + 1 < text.size()) {
                ++i;
                w.text += unescape(text, i);
            } else {
                w.text += d, ++i;
            }
        }
        if (quote)
            return make_error(Errc::Usage, origin + ":" + std::to_string(w.line) +
                                               ": unterminated quoted string");
        words.push_back(std::move(w));
    }
    return words;
}

} // namespace xgw::ppp
