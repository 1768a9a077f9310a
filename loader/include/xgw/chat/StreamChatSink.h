// A ChatSink on file descriptors and syslog, as chat(8) itself writes.
#pragma once

#include <xgw/Result.h>
#include <xgw/chat/ChatOptions.h>
#include <xgw/chat/ChatSink.h>

#include <cstdio>
#include <string>

namespace xgw::chat {

class StreamChatSink final : public ChatSink {
  public:
    // terminal_fd is chat's standard error; the report file of -r is opened for appending
    // (chat goes on without it, reporting to terminal_fd, when it cannot be opened).
    StreamChatSink(const ChatOptions& options, int terminal_fd);
    ~StreamChatSink() override;
    StreamChatSink(const StreamChatSink&) = delete;
    StreamChatSink& operator=(const StreamChatSink&) = delete;

    void log(std::string_view line) override;
    void error(std::string_view line) override;
    void report(std::string_view line) override;
    void terminal(std::string_view bytes) override;

  private:
    void write_line(int fd, std::string_view line);

    bool to_stderr_;
    bool to_syslog_;
    int terminal_fd_;
    int report_fd_ = -1;
};

} // namespace xgw::chat
