// A chat(8) script, read whole and checked before anything is sent.
#pragma once

#include <xgw/Result.h>
#include <xgw/chat/ChatEscapes.h>

#include <string>
#include <string_view>
#include <vector>

namespace xgw::chat {

// Where a string came from: "FILE:LINE:COLUMN" or "argument N".
struct ScriptPlace {
    std::string origin;
    int line = 0; // 0 for a command-line argument, then column is the argument's index
    int column = 0;
    std::string describe() const;
};

enum class StepKind { Expect, Send, Abort, ClrAbort, Report, ClrReport, Timeout, Echo, Hangup, Say };

struct ChatStep {
    StepKind kind;
    std::string text; // raw, escapes unread: they are read when the step runs
    ScriptPlace place;
};

class ChatScript {
  public:
    // Strings as chat gets them on its command line.
    static Result<ChatScript> from_args(const std::vector<std::string>& args,
                                        const ChatEscapes& escapes);
    // chat -f: quoted or blank-separated strings, '#' in column one starts a comment.
    static Result<ChatScript> from_text(std::string_view text, std::string_view origin,
                                        const ChatEscapes& escapes);
    static Result<ChatScript> from_file(const std::string& path, const ChatEscapes& escapes);

    const std::vector<ChatStep>& steps() const { return steps_; }

  private:
    struct Token {
        std::string text;
        ScriptPlace place;
    };
    static Result<ChatScript> from_tokens(const std::vector<Token>& tokens,
                                          const ChatEscapes& escapes);
    static Result<void> tokenize_line(std::string_view line, const ScriptPlace& at,
                                      std::vector<Token>& tokens);

    std::vector<ChatStep> steps_;
};

const char* keyword(StepKind kind);

} // namespace xgw::chat
