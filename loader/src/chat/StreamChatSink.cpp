#include <xgw/chat/StreamChatSink.h>

#include <fcntl.h>
#include <syslog.h>
#include <unistd.h>

namespace xgw::chat {

StreamChatSink::StreamChatSink(const ChatOptions& options, int terminal_fd)
    : to_stderr_(options.to_stderr), to_syslog_(options.to_syslog), terminal_fd_(terminal_fd) {
    if (to_syslog_) {
        openlog("xgw-chat", LOG_PID | LOG_NDELAY, LOG_LOCAL2);
        setlogmask(options.verbose ? LOG_UPTO(LOG_INFO) : LOG_UPTO(LOG_WARNING));
    }
    if (options.report_file) {
        report_fd_ = ::open(options.report_file->c_str(),
                            O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
        if (report_fd_ >= 0 && options.announce_report)
            write_line(report_fd_, "Opening \"" + *options.report_file + "\"...");
    }
}

StreamChatSink::~StreamChatSink() {
    if (report_fd_ >= 0)
        ::close(report_fd_);
    if (to_syslog_)
        closelog();
}

void StreamChatSink::write_line(int fd, std::string_view line) {
    std::string text(line);
    text += '\n';
    for (std::size_t done = 0; done < text.size();) {
        ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n <= 0)
            return;
        done += static_cast<std::size_t>(n);
    }
}

void StreamChatSink::log(std::string_view line) {
    if (to_syslog_)
        syslog(LOG_INFO, "%.*s", static_cast<int>(line.size()), line.data());
    if (to_stderr_)
        write_line(terminal_fd_, line);
}

void StreamChatSink::error(std::string_view line) {
    if (to_syslog_)
        syslog(LOG_ERR, "%.*s", static_cast<int>(line.size()), line.data());
    if (to_stderr_)
        write_line(terminal_fd_, line);
}

void StreamChatSink::report(std::string_view line) {
    write_line(report_fd_ >= 0 ? report_fd_ : terminal_fd_, line);
}

void StreamChatSink::terminal(std::string_view bytes) {
    if (!bytes.empty())
        (void)!::write(terminal_fd_, bytes.data(), bytes.size());
}

} // namespace xgw::chat
