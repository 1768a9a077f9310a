// Runs a chat script on a line as chat(8) does: same bytes sent, same logs, same exit codes.
#pragma once

#include <xgw/chat/ChatEscapes.h>
#include <xgw/chat/ChatLine.h>
#include <xgw/chat/ChatOptions.h>
#include <xgw/chat/ChatScript.h>
#include <xgw/chat/ChatSink.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace xgw::chat {

// chat(8)'s exit codes; an ABORT string's code is kAbortBase plus its index.
enum ChatExit : int {
    kChatOk = 0,
    kChatUsage = 1,
    kChatIoError = 2,
    kChatTimeout = 3,
    kAbortBase = 4,
};

class ReportWatch;

class ChatEngine {
  public:
    ChatEngine(ChatLine& line, ChatSink& sink, const ChatOptions& options);
    ~ChatEngine();

    // Runs every step and the ending; returns the exit code.
    int run(const ChatScript& script);
    // Ends a chat that could not start (bad script): logs the message, then ends as run() does.
    int abandon(int code, const std::string& message);

  private:
    struct Termination {
        int code;
    };
    enum class Await { Matched, Failed };

    void perform(const ChatStep& step);
    void directive(const ChatStep& step);
    void expect(const std::string& raw);
    Await await(const std::string& raw);
    bool receive(const std::string& want, std::string& window, class ReceiveLog& rlog);
    void send(const std::string& raw);
    bool put_string(const std::string& raw);
    bool write_char(char c, std::optional<Deadline> deadline, bool& alarmed);
    void sleep_within(std::chrono::milliseconds d, std::optional<Deadline> deadline, bool& alarmed);
    std::string read_send_file(const std::string& raw);
    void echo_byte(int c);
    void trace_byte(char c);
    int finish(int code);
    void gather_last_report();
    [[noreturn]] void fatal(int code, const std::string& message);
    [[noreturn]] void interrupted(const LineEvent& event);
    std::optional<Deadline> deadline() const;

    ChatLine& line_;
    ChatSink& sink_;
    const ChatOptions& options_;
    ChatEscapes escapes_;
    int timeout_;
    bool echo_;
    bool need_newline_ = false;
    int exit_code_ = 0;
    std::optional<std::string> fail_reason_;
    std::vector<std::string> aborts_;
    std::unique_ptr<ReportWatch> reports_;
};

} // namespace xgw::chat
