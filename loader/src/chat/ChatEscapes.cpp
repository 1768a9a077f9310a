#include <xgw/chat/ChatEscapes.h>

#include <cstdlib>

namespace xgw::chat {

namespace {

bool is_octal(char c) { return c >= '0' && c <= '7'; }

bool is_name_char(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

char octal(char first, std::string_view& rest) {
    unsigned value = static_cast<unsigned>(first - '0');
    for (int i = 0; i < 2 && !rest.empty() && is_octal(rest.front()); ++i) {
        value = (value << 3) | static_cast<unsigned>(rest.front() - '0');
        rest.remove_prefix(1);
    }
    return static_cast<char>(value & 0xff);
}

} // namespace

std::string ChatEscapes::expect(std::string_view raw) const {
    bool quiet = false;
    return clean(raw, false, quiet);
}

SendString ChatEscapes::send(std::string_view raw) const {
    SendString s;
    s.encoded = clean(raw, true, s.quiet);
    return s;
}

std::string ChatEscapes::clean(std::string_view raw, bool sending, bool& quiet) const {
    std::string out;
    bool add_return = sending;
    std::string_view rest = raw;
    while (!rest.empty()) {
        char c = rest.front();
        rest.remove_prefix(1);
        if (c == '^') {
            if (rest.empty()) {
                out += '^';
                break;
            }
            char control = static_cast<char>(rest.front() & 0x1f);
            rest.remove_prefix(1);
            if (control != 0)
                out += control;
        } else if (c == '$' && settings_.use_env) {
            environment(rest, out);
        } else if (c != '\\') {
            out += c;
        } else if (rest.empty()) {
            // A lone trailing backslash is sent as itself.
            if (sending)
                out += "\\\\";
            break;
        } else {
            char next = rest.front();
            rest.remove_prefix(1);
            backslash(next, rest, sending, quiet, add_return, out);
        }
    }
    if (add_return)
        out += '\r';
    return out;
}

void ChatEscapes::backslash(char c, std::string_view& rest, bool sending, bool& quiet,
                            bool& add_return, std::string& out) const {
    switch (c) {
    case 'b': out += '\b'; return;
    case 'r': out += '\r'; return;
    case 'n': out += '\n'; return;
    case 's': out += ' '; return;
    case 't': out += '\t'; return;
    case 'q': quiet = true; return;
    case '$':
        if (settings_.use_env) {
            out += '$';
            return;
        }
        break;
    case 'c':
        if (sending && rest.empty())
            add_return = false;
        else
            out += 'c';
        return;
    case '\\':
    case 'K':
    case 'p':
    case 'd':
        // The sender acts on these, so they stay escaped in a send string.
        if (sending)
            out += '\\';
        out += c;
        return;
    case 'T':
    case 'U': {
        const auto& number = c == 'T' ? settings_.phone : settings_.phone2;
        if (sending && number)
            out += *number;
        else
            out += std::string{'\\', c};
        return;
    }
    case 'N':
        if (sending)
            out += std::string("\\\0", 2);
        else
            out += 'N';
        return;
    default: break;
    }
    if (is_octal(c)) {
        char value = octal(c, rest);
        if (value != 0 || sending) {
            if (sending && (value == '\\' || value == 0))
                out += '\\';
            out += value;
        }
        return;
    }
    if (sending)
        out += '\\';
    out += c;
}

void ChatEscapes::environment(std::string_view& rest, std::string& out) const {
    std::size_t n = 0;
    while (n < rest.size() && is_name_char(rest[n]))
        ++n;
    std::string name(rest.substr(0, n));
    rest.remove_prefix(n);
    if (const char* value = name.empty() ? nullptr : std::getenv(name.c_str()))
        out += value;
}

std::string visible(std::string_view bytes) {
    std::string out;
    for (unsigned char c : bytes) {
        if (c >= 0x80) {
            out += "M-";
            c -= 0x80;
        }
        if ((c < 0x20 && c != '\t') || c == 0x7f) {
            out += '^';
            out += static_cast<char>(c ^ 0x40);
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

std::string character(unsigned char c) {
    std::string out = (c & 0x80) ? "M-" : "";
    c &= 0x7f;
    if (c < 32)
        out += {'^', static_cast<char>(c + '@')};
    else if (c == 127)
        out += "^?";
    else
        out += static_cast<char>(c);
    return out;
}

} // namespace xgw::chat
