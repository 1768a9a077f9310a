#include <xgw/chat/ChatOptions.h>
#include <xgw/chat/ChatScript.h>

#include <gtest/gtest.h>

using namespace xgw;
using namespace xgw::chat;

TEST(ChatScript, KeywordsTakeTheNextStringAndOnlyInExpectPosition) {
    auto s = ChatScript::from_args({"ABORT", "BUSY", "''", "ABORT", "TIMEOUT", "5", "OK"}, ChatEscapes());
    ASSERT_TRUE(s);
    const auto& st = s->steps();
    ASSERT_EQ(st.size(), 5u);
    EXPECT_EQ(st[0].kind, StepKind::Abort);
    EXPECT_EQ(st[1].kind, StepKind::Expect);
    EXPECT_EQ(st[2].kind, StepKind::Send);
    EXPECT_EQ(st[2].text, "ABORT");
    EXPECT_EQ(st[3].kind, StepKind::Timeout);
    EXPECT_EQ(st[4].kind, StepKind::Expect);
}

TEST(ChatScript, FileQuotesCommentsAndPlaces) {
    auto s = ChatScript::from_text("# comment\n\t\"\" 'AT&F'\n #x \"say \\\"hi\\\"\"\n", "f.chat", ChatEscapes());
    ASSERT_TRUE(s);
    const auto& st = s->steps();
    ASSERT_EQ(st.size(), 4u);
    EXPECT_EQ(st[0].text, "");
    EXPECT_EQ(st[1].text, "AT&F");
    EXPECT_EQ(st[1].place.describe(), "f.chat:2:5");
    EXPECT_EQ(st[2].text, "#x");
    EXPECT_EQ(st[3].text, "say \\\"hi\\\"");
}

TEST(ChatScript, UnterminatedQuoteIsRefusedWithItsPlace) {
    auto s = ChatScript::from_text("'' ATZ\nOK \"ATDT\n", "dial.chat", ChatEscapes());
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().kind, Errc::Usage);
    EXPECT_EQ(s.error().message, "dial.chat:2:4: unterminated quote");
}

TEST(ChatScript, TooLongAbortStringIsRefused) {
    auto s = ChatScript::from_args({"''", "ATZ", "ABORT", std::string(50, 'a')}, ChatEscapes());
    ASSERT_FALSE(s);
    EXPECT_NE(s.error().message.find("argument 4: Illegal or too-long ABORT string"),
              std::string::npos);
}

TEST(ChatScript, DanglingKeywordDoesNothing) {
    auto s = ChatScript::from_args({"''", "ATZ", "ABORT"}, ChatEscapes());
    ASSERT_TRUE(s);
    EXPECT_EQ(s->steps().size(), 2u);
}

TEST(ChatOptions, BundledAndAttachedArguments) {
    auto o = parse_chat_options({"-vsS", "-t30", "-r", "rep", "-TT1", "ATZ", "-x"});
    ASSERT_TRUE(o);
    EXPECT_EQ(o->verbose, 1);
    EXPECT_TRUE(o->to_stderr);
    EXPECT_FALSE(o->to_syslog);
    EXPECT_EQ(o->timeout, 30);
    EXPECT_EQ(o->report_file, "rep");
    EXPECT_TRUE(o->announce_report);
    EXPECT_EQ(o->escapes.phone, "T1");
    EXPECT_EQ(o->script, (std::vector<std::string>{"ATZ", "-x"}));
}

TEST(ChatOptions, UsageErrors) {
    EXPECT_FALSE(parse_chat_options({"-x"}));
    EXPECT_FALSE(parse_chat_options({"-t"}));
    EXPECT_FALSE(parse_chat_options({"-f", "file", "extra"}));
    auto o = parse_chat_options({"--device", "/dev/ttyS0", "--set=19200 cs8", "--", "-a"});
    ASSERT_TRUE(o);
    EXPECT_EQ(o->device, "/dev/ttyS0");
    EXPECT_EQ(o->line_settings, "19200 cs8");
    EXPECT_EQ(o->script, std::vector<std::string>{"-a"});
}
