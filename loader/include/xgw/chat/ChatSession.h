// One run of `xgw chat`: the line (standard input and output, or a device), the script, the engine.
#pragma once

#include <xgw/chat/ChatOptions.h>
#include <xgw/chat/ChatSink.h>

namespace xgw::chat {

class ChatSession {
  public:
    ChatSession(const ChatOptions& options, ChatSink& sink) : options_(options), sink_(sink) {}
    // chat(8)'s exit code.
    int run();

  private:
    int run_on(int in_fd, int out_fd);

    const ChatOptions& options_;
    ChatSink& sink_;
};

} // namespace xgw::chat
