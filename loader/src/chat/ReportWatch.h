// REPORT strings: each is reported once, with the rest of its line, when it is received.
#pragma once

#include <xgw/chat/ChatSink.h>

#include <optional>
#include <string>
#include <vector>

namespace xgw::chat {

class ReportWatch {
  public:
    static constexpr std::size_t kMaxStrings = 50;

    bool full() const { return strings_.size() >= kMaxStrings; }
    void add(std::string bytes) { strings_.emplace_back(std::move(bytes)); }
    // Forgets every unreported string equal to bytes; returns how many.
    int clear(const std::string& bytes);

    // Watches one received byte; `window` already ends with it.
    void watch(const std::string& window, char c, ChatSink& sink);
    // The line being gathered at the end of the chat, if any.
    bool gathering() const { return gathering_; }
    bool room() const { return line_.size() < kLineMax; }
    bool gather_more(char c); // false once the line is complete
    void emit(ChatSink& sink);

  private:
    static constexpr std::size_t kLineMax = 256; // chat's report line buffer
    std::vector<std::optional<std::string>> strings_;
    bool gathering_ = false;
    std::string line_;
};

} // namespace xgw::chat
