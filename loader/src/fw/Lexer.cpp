#include <xgw/fw/Lexer.h>

#include <cstdio>
#include <optional>

namespace xgw::fw {
namespace {

std::optional<TokenKind> punctuation(char c) {
    switch (c) {
    case '{':
        return TokenKind::LBrace;
    case '}':
        return TokenKind::RBrace;
    case '(':
        return TokenKind::LParen;
    case ')':
        return TokenKind::RParen;
    case '[':
        return TokenKind::LBracket;
    case ']':
        return TokenKind::RBracket;
    case ',':
        return TokenKind::Comma;
    case '!':
        return TokenKind::Bang;
    default:
        return std::nullopt;
    }
}

bool isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

bool isControl(char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
}

bool isWordChar(char c) {
    return !isBlank(c) && c != '\n' && c != '#' && c != '\\' && !isControl(c) && !punctuation(c);
}

std::string showChar(char c) {
    if (!isControl(c))
        return std::string("'") + c + "'";
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02x", static_cast<unsigned char>(c));
    return buf;
}

} // namespace

char Lexer::peek(size_t ahead) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
}

void Lexer::advance() {
    if (text_[pos_] == '\n') {
        ++line_;
        column_ = 1;
    } else {
        ++column_;
    }
    ++pos_;
}

bool Lexer::continuationAhead() const {
    size_t i = pos_ + 1;
    while (i < text_.size() && isBlank(text_[i]))
        ++i;
    return i >= text_.size() || text_[i] == '\n';
}

void Lexer::skipToLineEnd() {
    while (pos_ < text_.size() && text_[pos_] != '\n')
        advance();
}

Token Lexer::word() {
    Token token{TokenKind::Word, {}, here()};
    while (pos_ < text_.size() && isWordChar(text_[pos_])) {
        token.text += text_[pos_];
        advance();
    }
    return token;
}

std::vector<Token> Lexer::tokenize(std::vector<Diagnostic>& diagnostics) {
    std::vector<Token> tokens;
    while (pos_ < text_.size()) {
        char c = text_[pos_];
        if (isBlank(c)) {
            advance();
        } else if (c == '#') {
            skipToLineEnd();
        } else if (c == '\n') {
            tokens.push_back({TokenKind::Newline, "\n", here()});
            advance();
        } else if (c == '\\' && continuationAhead()) {
            skipToLineEnd();
            if (pos_ < text_.size())
                advance();
        } else if (auto kind = punctuation(c)) {
            tokens.push_back({*kind, std::string(1, c), here()});
            advance();
        } else if (isWordChar(c)) {
            tokens.push_back(word());
        } else {
            std::string what = c == '\\' ? "'\\' only continues a line when it ends the line"
                                         : "unexpected character " + showChar(c);
            diagnostics.push_back({here(), what, {}});
            advance();
        }
    }
    tokens.push_back({TokenKind::End, "", here()});
    return tokens;
}

} // namespace xgw::fw
