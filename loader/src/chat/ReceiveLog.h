// chat -v's record of what the modem said: a log line per received line, or per 80 bytes.
#pragma once

#include <xgw/chat/ChatSink.h>

#include <string>

namespace xgw::chat {

class ReceiveLog {
  public:
    ReceiveLog(ChatSink& sink, bool enabled) : sink_(sink), enabled_(enabled) {}

    void add(char c) {
        if (!enabled_)
            return;
        if (c == '\n')
            flush_always();
        else
            pending_ += c;
        if (pending_.size() >= kLineMax)
            flush();
    }
    // Logs what is pending, if anything.
    void flush() {
        if (!pending_.empty())
            flush_always();
    }
    // chat's match window slides by; text that would slide out of it is logged first.
    void flush_longer_than(std::size_t keep) {
        if (pending_.size() > keep)
            flush();
    }

  private:
    static constexpr std::size_t kLineMax = 80;
    void flush_always();

    ChatSink& sink_;
    bool enabled_;
    std::string pending_;
};

} // namespace xgw::chat
