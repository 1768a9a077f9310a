// Splits rule text into tokens with their positions.
#pragma once

#include <string>
#include <string_view>
#include <vector>
#include <xgw/fw/Diagnostic.h>
#include <xgw/fw/Token.h>

namespace xgw::fw {

class Lexer {
  public:
    Lexer(std::string_view text, std::string file) : text_(text), file_(std::move(file)) {}

    // The whole text, ending with an End token. Bad characters are reported and skipped so
    // that every line still gets parsed and reported.
    std::vector<Token> tokenize(std::vector<Diagnostic>& diagnostics);

  private:
    char peek(size_t ahead = 0) const;
    void advance();
    SourceLocation here() const { return {file_, line_, column_}; }
    bool continuationAhead() const;
    void skipToLineEnd();
    Token word();

    std::string_view text_;
    std::string file_;
    size_t pos_ = 0;
    int line_ = 1;
    int column_ = 1;
};

} // namespace xgw::fw
