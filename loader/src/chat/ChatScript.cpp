#include <xgw/chat/ChatScript.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

namespace xgw::chat {

namespace {

// An expect-position keyword takes the next string as its argument, as chat(8) does.
constexpr std::pair<const char*, StepKind> kKeywords[] = {
    {"HANGUP", StepKind::Hangup},       {"ABORT", StepKind::Abort},
    {"CLR_ABORT", StepKind::ClrAbort},  {"REPORT", StepKind::Report},
    {"CLR_REPORT", StepKind::ClrReport}, {"TIMEOUT", StepKind::Timeout},
    {"ECHO", StepKind::Echo},           {"SAY", StepKind::Say},
};

// chat keeps ABORT and REPORT strings in 50-byte buffers.
constexpr std::size_t kMatchStringMax = 49;

bool find_keyword(const std::string& text, StepKind& kind) {
    for (const auto& [word, k] : kKeywords) {
        if (text == word) {
            kind = k;
            return true;
        }
    }
    return false;
}

Error script_error(const ScriptPlace& place, const std::string& message) {
    return make_error(Errc::Usage, place.describe() + ": " + message);
}

Result<void> check_match_string(const ChatStep& step, const ChatEscapes& escapes) {
    bool is_abort = step.kind == StepKind::Abort || step.kind == StepKind::ClrAbort;
    if (!is_abort && step.kind != StepKind::Report && step.kind != StepKind::ClrReport)
        return {};
    std::string bytes = escapes.expect(step.text);
    if (bytes.size() <= step.text.size() && bytes.size() <= kMatchStringMax)
        return {};
    std::string word = step.kind == StepKind::ClrAbort ? "CLR_ABORT" : is_abort ? "ABORT" : "REPORT";
    return script_error(step.place, "Illegal or too-long " + word + " string ('" +
                                        visible(step.text) + "')");
}

} // namespace

const char* keyword(StepKind kind) {
    for (const auto& [word, k] : kKeywords)
        if (k == kind)
            return word;
    return kind == StepKind::Expect ? "expect" : "send";
}

std::string ScriptPlace::describe() const {
    if (line == 0)
        return origin + " " + std::to_string(column);
    return origin + ":" + std::to_string(line) + ":" + std::to_string(column);
}

Result<ChatScript> ChatScript::from_args(const std::vector<std::string>& args,
                                         const ChatEscapes& escapes) {
    std::vector<Token> tokens;
    for (std::size_t i = 0; i < args.size(); ++i)
        tokens.push_back({args[i], {"argument", 0, static_cast<int>(i + 1)}});
    return from_tokens(tokens, escapes);
}

Result<ChatScript> ChatScript::from_file(const std::string& path, const ChatEscapes& escapes) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return Error{Errc::Usage, errno, path + " -- open failed: " + std::strerror(errno)};
    std::ostringstream text;
    text << in.rdbuf();
    return from_text(text.str(), path, escapes);
}

Result<ChatScript> ChatScript::from_text(std::string_view text, std::string_view origin,
                                         const ChatEscapes& escapes) {
    std::vector<Token> tokens;
    int line_no = 0;
    while (!text.empty()) {
        std::size_t end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
        ++line_no;
        if (!line.empty() && line.front() == '#')
            continue;
        auto ok = tokenize_line(line, {std::string(origin), line_no, 1}, tokens);
        if (!ok)
            return ok.error();
    }
    return from_tokens(tokens, escapes);
}

Result<void> ChatScript::tokenize_line(std::string_view line, const ScriptPlace& at,
                                       std::vector<Token>& tokens) {
    std::size_t i = 0;
    while (i < line.size()) {
        char c = line[i];
        if (c == ' ' || c == '\t') {
            ++i;
            continue;
        }
        ScriptPlace place = at;
        place.column = static_cast<int>(i + 1);
        std::size_t start = i;
        if (c == '"' || c == '\'') {
            start = ++i;
            // The backslash stays in the string; it only keeps a quote from closing it.
            while (i < line.size() && line[i] != c)
                i += (line[i] == '\\' && i + 1 < line.size()) ? 2 : 1;
            if (i >= line.size())
                return script_error(place, "unterminated quote");
        } else {
            while (i < line.size() && line[i] != ' ' && line[i] != '\t')
                ++i;
        }
        tokens.push_back({std::string(line.substr(start, i - start)), place});
        // chat ends a string at the byte after it, whatever that byte is.
        if (i < line.size())
            ++i;
    }
    return {};
}

Result<ChatScript> ChatScript::from_tokens(const std::vector<Token>& tokens,
                                           const ChatEscapes& escapes) {
    ChatScript script;
    for (std::size_t i = 0; i < tokens.size(); i += 2) {
        const Token& expect = tokens[i];
        const Token* next = i + 1 < tokens.size() ? &tokens[i + 1] : nullptr;
        StepKind kind;
        if (!find_keyword(expect.text, kind)) {
            script.steps_.push_back({StepKind::Expect, expect.text, expect.place});
            if (next)
                script.steps_.push_back({StepKind::Send, next->text, next->place});
            continue;
        }
        // A keyword with nothing after it does nothing, as in chat(8).
        if (!next)
            break;
        ChatStep step{kind, next->text, next->place};
        auto ok = check_match_string(step, escapes);
        if (!ok)
            return ok.error();
        script.steps_.push_back(std::move(step));
    }
    return script;
}

} // namespace xgw::chat
