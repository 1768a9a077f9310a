#include <xgw/chat/ChatSession.h>

#include <xgw/chat/ChatEngine.h>
#include <xgw/chat/TtyLine.h>

#include "SignalLatch.h"

namespace xgw::chat {

int ChatSession::run() {
    return run_on(0, 1);
}

int ChatSession::run_on(int in_fd, int out_fd) {
    SignalLatch latch;
    TtyLine line(in_fd, out_fd);
    ChatEngine engine(line, sink_, options_);
    if (auto ready = line.prepare(); !ready)
        return engine.abandon(kChatIoError, ready.error().message);
    ChatEscapes escapes(options_.escapes);
    auto script = options_.chat_file ? ChatScript::from_file(*options_.chat_file, escapes)
                                     : ChatScript::from_args(options_.script, escapes);
    int code = script ? engine.run(*script) : engine.abandon(kChatUsage, script.error().message);
    if (auto restored = line.restore(); !restored) {
        sink_.error(restored.error().message);
        return kChatIoError;
    }
    return code;
}

} // namespace xgw::chat
