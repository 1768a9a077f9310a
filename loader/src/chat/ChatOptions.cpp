#include <xgw/chat/ChatOptions.h>

#include <cstdlib>

namespace xgw::chat {

namespace {

class ArgCursor {
  public:
    explicit ArgCursor(const std::vector<std::string>& args) : args_(args) {}
    bool done() const { return i_ >= args_.size(); }
    const std::string& peek() const { return args_[i_]; }
    std::string take() { return args_[i_++]; }
    // An option's argument: the rest of this word, else the next word.
    std::optional<std::string> option_argument(const std::string& word, std::size_t pos) {
        if (pos < word.size())
            return word.substr(pos);
        if (done())
            return std::nullopt;
        return take();
    }

  private:
    const std::vector<std::string>& args_;
    std::size_t i_ = 0;
};

Error usage_error() { return make_error(Errc::Usage, "usage"); }

bool long_option(ArgCursor& args, ChatOptions& o) {
    const std::string& word = args.peek();
    std::string name = word.substr(0, word.find('='));
    if (name != "--device" && name != "--set" && name != "--lock-dir")
        return false;
    args.take();
    std::optional<std::string> value;
    if (name.size() < word.size())
        value = word.substr(name.size() + 1);
    else if (!args.done())
        value = args.take();
    if (!value)
        return false;
    if (name == "--device")
        o.device = *value;
    else if (name == "--lock-dir")
        o.lock_dir = *value;
    else
        o.line_settings += (o.line_settings.empty() ? "" : " ") + *value;
    return true;
}

// One word of bundled short options, "-vs" or "-t30".
Result<void> short_options(const std::string& word, ArgCursor& args, ChatOptions& o) {
    for (std::size_t pos = 1; pos < word.size(); ++pos) {
        char c = word[pos];
        switch (c) {
        case 'e': ++o.echo; continue;
        case 'E': o.escapes.use_env = true; continue;
        case 'v': ++o.verbose; continue;
        case 'V': ++o.stderr_trace; continue;
        case 's': o.to_stderr = true; continue;
        case 'S': o.to_syslog = false; continue;
        case 'f': case 't': case 'r': case 'T': case 'U': break;
        default: return usage_error();
        }
        auto value = args.option_argument(word, pos + 1);
        if (c == 'r') {
            // chat ignores a missing report file name.
            if (value) {
                o.report_file = *value;
                o.announce_report = o.verbose > 0;
            }
            return {};
        }
        if (!value)
            return usage_error();
        if (c == 'f')
            o.chat_file = *value;
        else if (c == 't')
            o.timeout = std::atoi(value->c_str());
        else
            (c == 'T' ? o.escapes.phone : o.escapes.phone2) = *value;
        return {};
    }
    return {};
}

} // namespace

std::string chat_usage(const std::string& program) {
    return "Usage: " + program +
           " [-e] [-E] [-v] [-V] [-t timeout] [-r report-file]\n"
           "     [-T phone-number] [-U phone-number2] {-f chat-file | chat-script}\n";
}

Result<ChatOptions> parse_chat_options(const std::vector<std::string>& args) {
    ChatOptions o;
    ArgCursor cursor(args);
    while (!cursor.done()) {
        const std::string& word = cursor.peek();
        if (word.size() < 2 || word[0] != '-')
            break;
        if (word == "--") {
            cursor.take();
            break;
        }
        if (word.rfind("--", 0) == 0) {
            if (!long_option(cursor, o))
                return usage_error();
            continue;
        }
        std::string taken = cursor.take();
        auto ok = short_options(taken, cursor, o);
        if (!ok)
            return ok.error();
    }
    while (!cursor.done())
        o.script.push_back(cursor.take());
    if (o.chat_file && !o.script.empty())
        return usage_error();
    return o;
}

} // namespace xgw::chat
