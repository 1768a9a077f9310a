#include <xgw/fw/Parser.h>

#include <algorithm>
#include <memory>
#include <span>
#include <string_view>
#include <utility>
#include <xgw/fw/Lexer.h>

#include "fw/AcctSectionParser.h"
#include "fw/FirewallSectionParser.h"
#include "fw/NatSectionParser.h"
#include "fw/SectionParser.h"
#include "fw/SetSectionParser.h"
#include "fw/TablesSectionParser.h"
#include "fw/TokenCursor.h"

namespace xgw::fw {
namespace {

constexpr std::string_view kDefaultSection = "firewall";

class RulesetParser {
  public:
    RulesetParser(Ruleset& ruleset, const ParseOptions& options,
                  std::vector<Diagnostic>& diagnostics)
        : diagnostics_(diagnostics) {
        // A new section is one more entry here and one more member in Ruleset.
        sections_.emplace_back(kDefaultSection, std::make_unique<FirewallSectionParser>(
                                                    ruleset.firewall, options, diagnostics));
        sections_.emplace_back("nat", std::make_unique<NatSectionParser>(ruleset.nat));
        sections_.emplace_back("acct", std::make_unique<AcctSectionParser>(ruleset.acct));
        sections_.emplace_back("tables", std::make_unique<TablesSectionParser>(ruleset.tables));
        sections_.emplace_back("set", std::make_unique<SetSectionParser>(ruleset.settings));
        for (auto& [name, section] : sections_)
            if (name == options.first_section) {
                current_ = section.get();
                current_->opened();
            }
    }

    void run(std::span<const Token> tokens) {
        size_t start = 0;
        for (size_t i = 0; i < tokens.size(); ++i) {
            if (!tokens[i].endsStatement())
                continue;
            if (i > start)
                statement(tokens.subspan(start, i - start + 1));
            start = i + 1;
        }
        for (auto& [name, section] : sections_)
            section->finish();
    }

  private:
    void statement(std::span<const Token> tokens) {
        TokenCursor cursor(tokens, diagnostics_);
        if (cursor.peek().is(TokenKind::LBracket))
            sectionHeader(cursor);
        else if (current_)
            current_->statement(cursor);
    }

    // [name]
    void sectionHeader(TokenCursor& cursor) {
        cursor.next();
        current_ = nullptr; // statements of a bad section are skipped, not misread
        const Token& name = cursor.peek();
        if (!name.is(TokenKind::Word)) {
            cursor.expected("a section name");
            return;
        }
        cursor.next();
        if (!cursor.accept(TokenKind::RBracket)) {
            cursor.expected("']'");
            return;
        }
        if (!cursor.atEnd()) {
            cursor.expected("end of line");
            return;
        }
        for (auto& [known, section] : sections_)
            if (known == name.text) {
                current_ = section.get();
                current_->opened();
            }
        if (!current_)
            cursor.error(name.loc, "unknown section '" + name.text + "' (known: " + known() + ")");
    }

    std::string known() const {
        std::string out;
        for (auto& [name, section] : sections_)
            out += (out.empty() ? "" : ", ") + std::string(name);
        return out;
    }

    std::vector<std::pair<std::string_view, std::unique_ptr<SectionParser>>> sections_;
    SectionParser* current_ = nullptr;
    std::vector<Diagnostic>& diagnostics_;
};

void attachSourceLines(std::vector<Diagnostic>& diagnostics, std::string_view text) {
    std::vector<std::string_view> lines;
    for (size_t start = 0; start <= text.size();) {
        size_t end = std::min(text.find('\n', start), text.size());
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    for (auto& d : diagnostics) {
        if (d.loc.line >= 1 && static_cast<size_t>(d.loc.line) <= lines.size()) {
            std::string_view line = lines[d.loc.line - 1];
            if (!line.empty() && line.back() == '\r')
                line.remove_suffix(1);
            d.source_line = line;
        }
    }
}

} // namespace

Error ParseResult::error() const {
    std::string message;
    for (const auto& d : diagnostics)
        message += (message.empty() ? "" : "\n") + d.str();
    return make_error(Errc::Usage, message);
}

ParseResult parseRuleset(std::string_view text, const ParseOptions& options) {
    ParseResult result;
    auto tokens = Lexer(text, options.file).tokenize(result.diagnostics);
    Ruleset ruleset;
    RulesetParser(ruleset, options, result.diagnostics).run(tokens);
    std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
                     [](const Diagnostic& a, const Diagnostic& b) {
                         return std::pair(a.loc.line, a.loc.column) <
                                std::pair(b.loc.line, b.loc.column);
                     });
    attachSourceLines(result.diagnostics, text);
    if (result.diagnostics.empty())
        result.ruleset = std::move(ruleset);
    return result;
}

} // namespace xgw::fw
