#include "fw/TokenCursor.h"

#include <cctype>
#include <limits>

namespace xgw::fw {
namespace {

// A word someone meant as an address, so the address parser's own complaint fits best.
bool looksLikeAddress(std::string_view text) {
    return !text.empty() &&
           (std::isdigit(static_cast<unsigned char>(text[0])) ||
            text.find(':') != std::string_view::npos || text.find('/') != std::string_view::npos);
}

} // namespace

std::optional<uint64_t> parseDecimal(std::string_view text) {
    if (text.empty())
        return std::nullopt;
    uint64_t value = 0;
    for (char c : text) {
        if (!std::isdigit(static_cast<unsigned char>(c)))
            return std::nullopt;
        if (value > std::numeric_limits<uint32_t>::max())
            continue; // saturated: keep validating the digits
        value = value * 10 + static_cast<uint64_t>(c - '0');
    }
    return value;
}

const Token& TokenCursor::next() {
    const Token& token = tokens_[index_];
    if (!token.endsStatement())
        ++index_;
    return token;
}

bool TokenCursor::accept(TokenKind kind) {
    if (!peek().is(kind))
        return false;
    next();
    return true;
}

bool TokenCursor::acceptWord(std::string_view word) {
    if (!peek().isWord(word))
        return false;
    next();
    return true;
}

bool TokenCursor::expected(std::string_view what) {
    std::string message = "expected " + std::string(what);
    if (index_ > 0)
        message += " after '" + tokens_[index_ - 1].text + "'";
    return error(peek().loc, message + ", found " + peek().describe());
}

bool TokenCursor::error(const SourceLocation& at, std::string message) {
    diagnostics_.push_back({at, std::move(message), {}});
    return false;
}

std::optional<uint32_t> TokenCursor::number(std::string_view what, uint32_t min, uint32_t max) {
    auto value = peek().is(TokenKind::Word) ? parseDecimal(peek().text) : std::nullopt;
    if (!value) {
        expected(what);
        return std::nullopt;
    }
    if (*value < min || *value > max) {
        error(peek().loc, std::string(what.substr(what.find(' ') + 1)) + " " + peek().text +
                              " is out of range (" + std::to_string(min) + "-" +
                              std::to_string(max) + ")");
        return std::nullopt;
    }
    next();
    return static_cast<uint32_t>(*value);
}

std::optional<IpPrefix> TokenCursor::prefix(std::string_view what) {
    const Token& token = peek();
    if (!token.is(TokenKind::Word)) {
        expected(what);
        return std::nullopt;
    }
    auto parsed = IpPrefix::parse(token.text);
    if (!parsed) {
        if (looksLikeAddress(token.text))
            error(token.loc, parsed.error().message);
        else
            expected(what);
        return std::nullopt;
    }
    next();
    return *parsed;
}

} // namespace xgw::fw
