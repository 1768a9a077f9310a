// Reads the tokens of one statement and records errors in the house format.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>
#include <xgw/fw/Diagnostic.h>
#include <xgw/fw/IpPrefix.h>
#include <xgw/fw/Token.h>

namespace xgw::fw {

// Digits only; nullopt for anything else. Absurdly long numbers saturate so range checks fail.
std::optional<uint64_t> parseDecimal(std::string_view text);

class TokenCursor {
  public:
    // tokens must end with a Newline or End token: the cursor never moves past it.
    TokenCursor(std::span<const Token> tokens, std::vector<Diagnostic>& diagnostics)
        : tokens_(tokens), diagnostics_(diagnostics) {}

    const Token& peek() const { return tokens_[index_]; }
    const Token& next();
    bool atEnd() const { return peek().endsStatement(); }
    bool accept(TokenKind kind);
    bool acceptWord(std::string_view word);

    // Records "expected WHAT after 'PREVIOUS', found 'CURRENT'" at the current token.
    // Returns false so that parse functions can `return cursor.expected(...)`.
    bool expected(std::string_view what);
    bool error(const SourceLocation& at, std::string message);

    // Consumes a decimal number in [min, max]. what names it with an article ("a rule number");
    // the range message drops the article ("rule number 70000 is out of range (1-65534)").
    std::optional<uint32_t> number(std::string_view what, uint32_t min, uint32_t max);
    // Consumes an IPv4 or IPv6 address or prefix.
    std::optional<IpPrefix> prefix(std::string_view what);

  private:
    std::span<const Token> tokens_;
    size_t index_ = 0;
    std::vector<Diagnostic>& diagnostics_;
};

} // namespace xgw::fw
