// The lexical units of the rule language.
#pragma once

#include <string>
#include <string_view>
#include <xgw/fw/SourceLocation.h>

namespace xgw::fw {

enum class TokenKind {
    Word, // keywords, numbers, addresses, prefixes, names, port ranges: anything between separators
    LBrace,
    RBrace,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Bang,
    Newline, // ends a statement; a backslash before the newline continues the statement
    End,
};

struct Token {
    TokenKind kind = TokenKind::End;
    std::string text;
    SourceLocation loc;

    bool is(TokenKind k) const { return kind == k; }
    bool isWord(std::string_view w) const { return kind == TokenKind::Word && text == w; }
    bool endsStatement() const { return kind == TokenKind::Newline || kind == TokenKind::End; }
    // How an error message names this token: 'text', or "end of line".
    std::string describe() const {
        return endsStatement() ? std::string("end of line") : "'" + text + "'";
    }
};

} // namespace xgw::fw
