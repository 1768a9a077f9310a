#include <xgw/chat/ChatEscapes.h>

#include <gtest/gtest.h>

#include <cstdlib>

using namespace xgw::chat;

TEST(ChatEscapes, SendAddsCarriageReturnUnlessBackslashCEndsIt) {
    ChatEscapes e;
    EXPECT_EQ(e.send("ATZ").encoded, "ATZ\r");
    EXPECT_EQ(e.send("ATZ\\c").encoded, "ATZ");
    EXPECT_EQ(e.send("mid\\cdle").encoded, "midcdle\r");
    EXPECT_EQ(e.send("").encoded, "\r");
}

TEST(ChatEscapes, SenderCommandsStayEscaped) {
    ChatEscapes e;
    EXPECT_EQ(e.send("a\\db\\pc\\Kd\\\\e\\c").encoded, "a\\db\\pc\\Kd\\\\e");
    EXPECT_EQ(e.send("A\\NB\\c").encoded, std::string("A\\\0B", 4));
    EXPECT_EQ(e.send("x\\134\\c").encoded, "x\\\\");
    EXPECT_EQ(e.send("tail\\").encoded, "tail\\\\\r");
}

TEST(ChatEscapes, ExpectReadsControlAndOctal) {
    ChatEscapes e;
    EXPECT_EQ(e.expect("OK\\r\\n"), "OK\r\n");
    EXPECT_EQ(e.expect("a\\sb\\tc"), "a b\tc");
    EXPECT_EQ(e.expect("\\101^Q^@x^"), "A\x11x^");
    EXPECT_EQ(e.expect("\\000\\N\\d"), "Nd");
    EXPECT_EQ(e.expect("\\T"), "\\T");
}

TEST(ChatEscapes, PhoneNumbersOnlyInSendStrings) {
    ChatEscapes e({"5551212", std::nullopt, false});
    EXPECT_EQ(e.send("ATDT\\T").encoded, "ATDT5551212\r");
    EXPECT_EQ(e.send("ATDT\\U\\c").encoded, "ATDT\\U");
}

TEST(ChatEscapes, QuietIsReported) {
    ChatEscapes e;
    auto s = e.send("secret\\q");
    EXPECT_TRUE(s.quiet);
    EXPECT_EQ(s.encoded, "secret\r");
}

TEST(ChatEscapes, EnvironmentWithDashE) {
    setenv("XGW_CHAT_TEST_VAR", "AT&F", 1);
    ChatEscapes with({std::nullopt, std::nullopt, true});
    EXPECT_EQ(with.send("$XGW_CHAT_TEST_VAR$NOPE_XGW$\\$x\\c").encoded, "AT&F$x");
    ChatEscapes without;
    EXPECT_EQ(without.send("$XGW_CHAT_TEST_VAR\\c").encoded, "$XGW_CHAT_TEST_VAR");
}

TEST(ChatEscapes, VisibleAndCharacter) {
    EXPECT_EQ(visible(std::string("a\r\n\t\x7f\xff", 6)), "a^M^J\t^?M-^?");
    EXPECT_EQ(character('\x01'), "^A");
    EXPECT_EQ(character(0xc1), "M-A");
}
