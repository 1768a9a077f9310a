// The engine against a scripted line: what it sends, breaks and reports, without a tty or clock.
#include <xgw/chat/ChatEngine.h>

#include <gtest/gtest.h>

#include <deque>

using namespace xgw::chat;

namespace {

// Answers each CR-terminated write with the next canned reply; runs dry as a timeout.
class FakeLine : public ChatLine {
  public:
    explicit FakeLine(std::deque<std::string> replies) : replies_(std::move(replies)) {}
    LineEvent read_byte(std::optional<Deadline>) override {
        if (input_.empty())
            return {LineStatus::Timeout};
        char c = input_.front();
        input_.erase(0, 1);
        return {LineStatus::Ok, static_cast<std::uint8_t>(c)};
    }
    LineEvent write_byte(std::uint8_t b) override {
        sent += static_cast<char>(b);
        if (b == '\r' && !replies_.empty()) {
            input_ += replies_.front();
            replies_.pop_front();
        }
        return {};
    }
    void send_break() override { sent += "<BREAK>"; }
    LineEvent pause(std::chrono::milliseconds) override { return {}; }
    void ignore_hangup(bool ignore) override { hangup_ignored = ignore; }

    std::string input_;
    std::string sent;
    bool hangup_ignored = false;

  private:
    std::deque<std::string> replies_;
};

struct RecordingSink : ChatSink {
    void log(std::string_view l) override { logs.emplace_back(l); }
    void error(std::string_view l) override { errors.emplace_back(l); }
    void report(std::string_view l) override { reports.emplace_back(l); }
    void terminal(std::string_view b) override { terminal_text += b; }
    std::vector<std::string> logs, errors, reports;
    std::string terminal_text;
};

int run(FakeLine& line, RecordingSink& sink, std::vector<std::string> args,
        ChatOptions options = {}) {
    auto script = ChatScript::from_args(args, ChatEscapes(options.escapes));
    EXPECT_TRUE(script);
    return ChatEngine(line, sink, options).run(*script);
}

} // namespace

TEST(ChatEngine, HandbookScript) {
    FakeLine line({"\r\nOK\r\n", "\r\nCONNECT 38400\r\nlogin: ", "Password: ", "\r\nWelcome\r\n"});
    RecordingSink sink;
    int code = run(line, sink, {"", "ATZ", "OK", "ATDT318714", "CONNECT", "", "ogin:", "ppp",
                                "word:", "GaGariN"});
    EXPECT_EQ(code, kChatOk);
    EXPECT_EQ(line.sent, "ATZ\rATDT318714\r\rppp\rGaGariN\r");
}

TEST(ChatEngine, AbortIndexGivesTheExitCode) {
    FakeLine line({"\r\nNO CARRIER\r\n"});
    RecordingSink sink;
    ChatOptions o;
    o.verbose = 1;
    int code = run(line, sink, {"ABORT", "BUSY", "ABORT", "NO CARRIER", "", "ATDT1", "CONNECT", ""}, o);
    EXPECT_EQ(code, kAbortBase + 1);
    EXPECT_EQ(sink.logs.back(), "Failed (NO CARRIER)");
}

TEST(ChatEngine, ClearedAbortStringsArePacked) {
    FakeLine line({"\r\nNO CARRIER\r\n"});
    RecordingSink sink;
    int code = run(line, sink, {"ABORT", "BUSY", "ABORT", "NO CARRIER", "CLR_ABORT", "BUSY", "",
                                "ATDT1", "CONNECT", ""});
    EXPECT_EQ(code, kAbortBase);
}

TEST(ChatEngine, SubExpectSendsBreakAfterATimeout) {
    FakeLine line({});
    RecordingSink sink;
    int code = run(line, sink, {"ogin:-BREAK-ogin:", "ppp"});
    EXPECT_EQ(code, kChatTimeout);
    EXPECT_EQ(line.sent, "<BREAK>");
}

TEST(ChatEngine, TrailingSubSendEndsTheExpect) {
    FakeLine line({"OK\r\n"});
    RecordingSink sink;
    EXPECT_EQ(run(line, sink, {"NOTHING-ATZ", "ATH", "OK"}), kChatOk);
    EXPECT_EQ(line.sent, "ATZ\rATH\r");
}

TEST(ChatEngine, ReportLineEndsAtAControlCharacter) {
    FakeLine line({"CONNECT 57600\r\nlogin:"});
    RecordingSink sink;
    EXPECT_EQ(run(line, sink, {"REPORT", "CONNECT", "", "ATDT1", "CONNECT", "", "ogin:"}), kChatOk);
    ASSERT_EQ(sink.reports.size(), 1u);
    EXPECT_TRUE(sink.reports[0].starts_with("chat:  "));
    EXPECT_TRUE(sink.reports[0].ends_with(" CONNECT 57600"));
}

TEST(ChatEngine, EotSayEchoAndHangup) {
    FakeLine line({});
    RecordingSink sink;
    EXPECT_EQ(run(line, sink, {"HANGUP", "OFF", "SAY", "hi\\n\\c", "", "EOT", "ECHO", "ON"}), kChatOk);
    EXPECT_EQ(line.sent, "\x04");
    EXPECT_EQ(sink.terminal_text, "hi\n");
    EXPECT_TRUE(line.hangup_ignored);
}

TEST(ChatEngine, AbandonEndsWithTheCode) {
    FakeLine line({});
    RecordingSink sink;
    ChatOptions o;
    EXPECT_EQ(ChatEngine(line, sink, o).abandon(kChatUsage, "bad"), kChatUsage);
    EXPECT_EQ(sink.errors, std::vector<std::string>{"bad"});
}
