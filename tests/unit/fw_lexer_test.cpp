#include <gtest/gtest.h>
#include <xgw/fw/Lexer.h>

using namespace xgw::fw;

namespace {

std::vector<Token> lex(std::string_view text, std::vector<Diagnostic>* diags = nullptr) {
    std::vector<Diagnostic> local;
    auto tokens = Lexer(text, "t.conf").tokenize(diags ? *diags : local);
    return tokens;
}

std::string kinds(const std::vector<Token>& tokens) {
    std::string out;
    for (const auto& t : tokens) {
        switch (t.kind) {
        case TokenKind::Word:
            out += "W(" + t.text + ")";
            break;
        case TokenKind::Newline:
            out += "NL";
            break;
        case TokenKind::End:
            out += "END";
            break;
        default:
            out += t.text;
        }
        out += " ";
    }
    return out;
}

} // namespace

TEST(FwLexer, SplitsWordsAndPunctuation) {
    EXPECT_EQ(kinds(lex("allow tcp from {10.0.0.0/8,::1} to table(web) 80,443-445")),
              "W(allow) W(tcp) W(from) { W(10.0.0.0/8) , W(::1) } W(to) W(table) ( W(web) ) "
              "W(80) , W(443-445) END ");
}

TEST(FwLexer, BangAndDashesInWords) {
    EXPECT_EQ(kinds(lex("tcpflags syn,!ack keep-state")),
              "W(tcpflags) W(syn) , ! W(ack) W(keep-state) END ");
}

TEST(FwLexer, CommentsAndNewlines) {
    EXPECT_EQ(kinds(lex("# a comment\nallow ip # trailing\n\n[firewall]")),
              "NL W(allow) W(ip) NL NL [ W(firewall) ] END ");
}

TEST(FwLexer, BackslashContinuesTheLine) {
    auto tokens = lex("allow tcp \\  \nfrom any");
    EXPECT_EQ(kinds(tokens), "W(allow) W(tcp) W(from) W(any) END ");
    EXPECT_EQ(tokens[2].loc.line, 2);
    EXPECT_EQ(tokens[2].loc.column, 1);
}

TEST(FwLexer, PositionsAreOneBasedLineAndColumn) {
    auto tokens = lex("allow\n  \tdeny  x");
    ASSERT_EQ(tokens.size(), 5u);
    EXPECT_EQ(tokens[0].loc.file, "t.conf");
    EXPECT_EQ(tokens[0].loc.line, 1);
    EXPECT_EQ(tokens[0].loc.column, 1);
    EXPECT_EQ(tokens[1].loc.line, 1);
    EXPECT_EQ(tokens[1].loc.column, 6);
    EXPECT_EQ(tokens[2].loc.line, 2);
    EXPECT_EQ(tokens[2].loc.column, 4);
    EXPECT_EQ(tokens[3].loc.column, 10);
}

TEST(FwLexer, ReportsControlCharactersAndStrayBackslash) {
    std::vector<Diagnostic> diags;
    auto tokens = lex("allow\x01 ip\nde\\ny", &diags);
    ASSERT_EQ(diags.size(), 2u);
    EXPECT_EQ(diags[0].str(), "t.conf:1:6: unexpected character 0x01");
    EXPECT_EQ(diags[1].str(), "t.conf:2:3: '\\' only continues a line when it ends the line");
    EXPECT_EQ(kinds(tokens), "W(allow) W(ip) NL W(de) W(ny) END ");
}

TEST(FwLexer, CarriageReturnsAreBlank) {
    EXPECT_EQ(kinds(lex("allow ip\r\ndeny\r\n")), "W(allow) W(ip) NL W(deny) NL END ");
}
