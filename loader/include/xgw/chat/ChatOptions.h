// chat(8)'s command line, read as chat reads it (options end at the first script string).
#pragma once

#include <xgw/Result.h>
#include <xgw/chat/ChatEscapes.h>

#include <optional>
#include <string>
#include <vector>

namespace xgw::chat {

constexpr int kDefaultTimeout = 45;

struct ChatOptions {
    int echo = 0;         // -e
    int verbose = 0;      // -v
    int stderr_trace = 0; // -V: received text on standard error
    bool to_stderr = false; // -s
    bool to_syslog = true;  // cleared by -S
    int timeout = kDefaultTimeout; // -t; 0 or less waits for ever, as chat's alarm(0) does
    std::optional<std::string> report_file; // -r
    bool announce_report = false;           // -v came before -r: "Opening ..." in the report file
    EscapeSettings escapes;                 // -T, -U, -E
    std::optional<std::string> chat_file;   // -f
    std::vector<std::string> script;
    // xgw's own: run on DEV instead of standard input and output, with serial settings first.
    std::optional<std::string> device;
    std::string line_settings; // stty words, as `xgw serial set` takes them
    std::string lock_dir = "/var/lock";
};

// chat's usage text, with the program's name.
std::string chat_usage(const std::string& program);

// Errc::Usage when chat would print its usage and exit 1.
Result<ChatOptions> parse_chat_options(const std::vector<std::string>& args);

} // namespace xgw::chat
