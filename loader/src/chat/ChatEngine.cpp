#include <xgw/chat/ChatEngine.h>

#include "ReceiveLog.h"
#include "ReportWatch.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace xgw::chat {

namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr std::size_t kMaxAborts = 50;
constexpr std::size_t kMatchBuffer = 1024; // chat's STR_LEN: its match window and longest string
constexpr std::size_t kFailBuffer = 50;
constexpr milliseconds kTypingDelay{10}; // chat pauses before every byte it writes
constexpr milliseconds kPause{10};       // \p
constexpr milliseconds kDelay{1000};     // \d

const char* signal_name(int sig) {
    switch (sig) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    default: return "SIGHUP";
    }
}

// chat treats a cleaned string as a C string: it ends at the first NUL.
std::string upto_nul(const std::string& encoded) { return encoded.substr(0, encoded.find('\0')); }

std::string shown(const std::string& encoded) { return visible(upto_nul(encoded)); }

} // namespace

ChatEngine::ChatEngine(ChatLine& line, ChatSink& sink, const ChatOptions& options)
    : line_(line), sink_(sink), options_(options), escapes_(options.escapes),
      timeout_(options.timeout), echo_(options.echo > 0), reports_(std::make_unique<ReportWatch>()) {}

ChatEngine::~ChatEngine() = default;

int ChatEngine::run(const ChatScript& script) {
    try {
        for (const auto& step : script.steps())
            perform(step);
    } catch (const Termination& t) {
        return finish(t.code);
    }
    return finish(kChatOk);
}

int ChatEngine::abandon(int code, const std::string& message) {
    sink_.error(message);
    return finish(code);
}

void ChatEngine::fatal(int code, const std::string& message) {
    sink_.error(message);
    throw Termination{code};
}

void ChatEngine::interrupted(const LineEvent& event) {
    fatal(kChatIoError, signal_name(event.signal));
}

std::optional<Deadline> ChatEngine::deadline() const {
    if (timeout_ <= 0)
        return std::nullopt;
    return steady_clock::now() + std::chrono::seconds(timeout_);
}

void ChatEngine::perform(const ChatStep& step) {
    switch (step.kind) {
    case StepKind::Expect: expect(step.text); return;
    case StepKind::Send: send(step.text); return;
    case StepKind::Say: sink_.terminal(upto_nul(escapes_.send(step.text).encoded)); return;
    case StepKind::Hangup: line_.ignore_hangup(step.text == "OFF"); return;
    case StepKind::Echo: echo_ = step.text == "ON"; return;
    default: directive(step); return;
    }
}

void ChatEngine::directive(const ChatStep& step) {
    const std::string& s = step.text;
    bool verbose = options_.verbose > 0;
    switch (step.kind) {
    case StepKind::Abort:
        if (aborts_.size() >= kMaxAborts)
            fatal(kChatIoError, "Too many ABORT strings");
        aborts_.push_back(escapes_.expect(s));
        if (verbose)
            sink_.log("abort on (" + visible(s) + ")");
        return;
    case StepKind::ClrAbort: {
        std::string bytes = escapes_.expect(s);
        for (auto it = aborts_.begin(); it != aborts_.end();) {
            if (*it != bytes) {
                ++it;
                continue;
            }
            it = aborts_.erase(it);
            if (verbose)
                sink_.log("clear abort on (" + visible(s) + ")");
        }
        return;
    }
    case StepKind::Report:
        if (reports_->full())
            fatal(kChatIoError, "Too many REPORT strings");
        reports_->add(escapes_.expect(s));
        if (verbose)
            sink_.log("report (" + visible(s) + ")");
        return;
    case StepKind::ClrReport:
        for (int n = reports_->clear(escapes_.expect(s)); verbose && n > 0; --n)
            sink_.log("clear report (" + visible(s) + ")");
        return;
    default: // Timeout
        timeout_ = std::atoi(s.c_str());
        if (timeout_ <= 0)
            timeout_ = kDefaultTimeout;
        if (verbose)
            sink_.log("timeout set to " + std::to_string(timeout_) + " seconds");
        return;
    }
}

// expect[-send-expect...]: on a timeout, send the sub-send and wait for the next sub-expect.
void ChatEngine::expect(const std::string& raw) {
    std::size_t pos = 0;
    auto next_piece = [&]() -> std::optional<std::string> {
        if (pos >= raw.size())
            return std::nullopt;
        std::size_t start = pos;
        while (pos < raw.size() && raw[pos] != '-')
            pos += raw[pos] == '\\' ? 2 : 1;
        std::size_t end = std::min(pos, raw.size());
        if (pos < raw.size())
            ++pos;
        return raw.substr(start, end - start);
    };
    for (;;) {
        auto want = next_piece();
        if (!want)
            return;
        auto reply = next_piece();
        if (await(*want) == Await::Matched)
            return;
        if (!reply || exit_code_ != kChatTimeout)
            break;
        send(*reply);
    }
    sink_.log(fail_reason_ ? "Failed (" + *fail_reason_ + ")" : "Failed");
    throw Termination{exit_code_};
}

ChatEngine::Await ChatEngine::await(const std::string& raw) {
    fail_reason_.reset();
    std::string want = escapes_.expect(raw);
    want.resize(std::strlen(want.c_str()));
    if (options_.verbose)
        sink_.log("expect (" + visible(want) + ")");
    if (want.size() > kMatchBuffer) {
        sink_.log("expect string is too long");
        exit_code_ = kChatUsage;
        return Await::Failed;
    }
    if (want.empty()) {
        if (options_.verbose)
            sink_.log("got it");
        return Await::Matched;
    }
    std::string window;
    ReceiveLog rlog(sink_, options_.verbose > 0);
    if (receive(want, window, rlog))
        return Await::Matched;
    if (!fail_reason_)
        exit_code_ = kChatTimeout;
    return Await::Failed;
}

// Reads until want arrives (true), an ABORT string arrives, or the line fails or times out.
bool ChatEngine::receive(const std::string& want, std::string& window, ReceiveLog& rlog) {
    auto until = deadline();
    std::size_t keep = std::max(want.size(), kFailBuffer) - 1;
    std::size_t filled = 0;
    for (;;) {
        LineEvent ev = line_.read_byte(until);
        if (ev.status == LineStatus::Interrupted)
            interrupted(ev);
        if (ev.status == LineStatus::Timeout && options_.verbose)
            sink_.log("alarm");
        if (ev.status == LineStatus::Eof)
            sink_.log("warning: read() on stdin returned 0");
        if (ev.status != LineStatus::Ok)
            return false;
        char c = static_cast<char>(ev.byte & 0x7f);
        if (echo_)
            echo_byte(c);
        rlog.add(c);
        trace_byte(c);
        window += c;
        if (window.size() > 2 * kMatchBuffer)
            window.erase(0, window.size() - kMatchBuffer);
        reports_->watch(window, c, sink_);
        if (window.ends_with(want)) {
            rlog.flush();
            if (options_.verbose)
                sink_.log(" -- got it\n");
            return true;
        }
        for (std::size_t n = 0; n < aborts_.size(); ++n) {
            if (!window.ends_with(aborts_[n]))
                continue;
            rlog.flush();
            if (options_.verbose)
                sink_.log(" -- failed");
            exit_code_ = kAbortBase + static_cast<int>(n);
            fail_reason_ = aborts_[n];
            return false;
        }
        if (++filled >= kMatchBuffer) {
            rlog.flush_longer_than(keep);
            filled = keep;
        }
    }
}

void ChatEngine::echo_byte(int c) {
    if (c == '\r')
        return;
    if (c == '\n' || c < 0) {
        if (c < 0 && !need_newline_)
            return;
        sink_.terminal("\n");
        need_newline_ = false;
        return;
    }
    sink_.terminal(character(static_cast<unsigned char>(c)));
    need_newline_ = true;
}

void ChatEngine::trace_byte(char c) {
    if (!options_.stderr_trace || c == '\r')
        return;
    sink_.terminal(c == '\n' ? std::string("\n") : character(static_cast<unsigned char>(c)));
}

void ChatEngine::send(const std::string& raw) {
    std::string s = raw;
    if (!s.empty() && s.front() == '@')
        s = read_send_file(s);
    if (s == "EOT")
        s = "^D\\c";
    else if (s == "BREAK")
        s = "\\K\\c";
    if (!put_string(s))
        fatal(kChatUsage, "Failed");
}

// "@FILE" sends the file's text (a FIFO works too), less one trailing newline.
std::string ChatEngine::read_send_file(const std::string& raw) {
    std::size_t start = raw.find_first_not_of(" \t", 1);
    if (start == std::string::npos)
        return raw;
    std::string path = raw.substr(start);
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        fatal(kChatUsage, path + " -- open failed: " + std::strerror(errno));
    std::string text(kMatchBuffer - 1, '\0');
    std::size_t got = 0;
    for (ssize_t n; got < text.size() && (n = ::read(fd, &text[got], text.size() - got)) > 0;)
        got += static_cast<std::size_t>(n);
    ::close(fd);
    text.resize(got);
    if (!text.empty() && text.back() == '\n')
        text.pop_back();
    return text;
}

bool ChatEngine::put_string(const std::string& raw) {
    SendString s = escapes_.send(raw);
    if (options_.verbose)
        sink_.log(s.quiet ? "send (\?\?\?\?\?\?)" : "send (" + shown(s.encoded) + ")");
    auto until = deadline();
    bool alarmed = false;
    const std::string& e = s.encoded;
    for (std::size_t i = 0; i < e.size(); ++i) {
        if (e[i] != '\\' || i + 1 == e.size()) {
            if (!write_char(e[i], until, alarmed))
                return false;
            continue;
        }
        char c = e[++i];
        if (c == 'd')
            sleep_within(kDelay, until, alarmed);
        else if (c == 'K')
            line_.send_break();
        else if (c == 'p')
            sleep_within(kPause, until, alarmed);
        else if (!write_char(c, until, alarmed))
            return false;
    }
    return true;
}

// chat's delays end early when its send alarm (the timeout) rings.
void ChatEngine::sleep_within(milliseconds d, std::optional<Deadline> until, bool& alarmed) {
    auto now = steady_clock::now();
    if (until && !alarmed && now + d >= *until) {
        auto left = std::chrono::duration_cast<milliseconds>(*until - now);
        if (auto ev = line_.pause(std::max(left, milliseconds(0))); ev.status != LineStatus::Ok)
            interrupted(ev);
        alarmed = true;
        if (options_.verbose)
            sink_.log("alarm");
        return;
    }
    if (auto ev = line_.pause(d); ev.status != LineStatus::Ok)
        interrupted(ev);
}

bool ChatEngine::write_char(char c, std::optional<Deadline> until, bool& alarmed) {
    if (!alarmed && until && steady_clock::now() >= *until) {
        alarmed = true;
        if (options_.verbose)
            sink_.log("alarm");
    }
    if (alarmed) {
        if (options_.verbose)
            sink_.log(" -- write timed out");
        return false;
    }
    if (auto ev = line_.pause(kTypingDelay); ev.status != LineStatus::Ok)
        interrupted(ev);
    LineEvent ev = line_.write_byte(static_cast<std::uint8_t>(c));
    if (ev.status == LineStatus::Interrupted)
        interrupted(ev);
    if (ev.status == LineStatus::Ok)
        return true;
    if (ev.status == LineStatus::Eof)
        sink_.log("warning: write() on stdout returned 0");
    if (options_.verbose)
        sink_.log(std::string(" -- write failed: ") + std::strerror(ev.sys_errno));
    return false;
}

int ChatEngine::finish(int code) {
    echo_byte(-1);
    if (!options_.report_file)
        return code;
    try {
        gather_last_report();
    } catch (const Termination& t) {
        return t.code;
    }
    if (options_.verbose)
        sink_.report("Closing \"" + *options_.report_file + "\".");
    return code;
}

// A report line still open at the end is completed from what the line says next.
void ChatEngine::gather_last_report() {
    if (!reports_->gathering())
        return;
    while (reports_->room()) {
        LineEvent ev = line_.read_byte(steady_clock::now() + std::chrono::seconds(1));
        if (ev.status == LineStatus::Interrupted)
            interrupted(ev);
        if (ev.status == LineStatus::Timeout && options_.verbose)
            sink_.log("alarm");
        if (ev.status != LineStatus::Ok || !reports_->gather_more(static_cast<char>(ev.byte & 0x7f)))
            break;
    }
    reports_->emit(sink_);
}

} // namespace xgw::chat
