#include <xgw/chat/ChatSession.h>

#include <xgw/chat/ChatEngine.h>
#include <xgw/chat/TtyLine.h>
#include <xgw/serial/SerialPort.h>

#include <sstream>

#include "SignalLatch.h"

namespace xgw::chat {

int ChatSession::run() {
    if (!options_.device)
        return run_on(0, 1);
    std::vector<std::string> words;
    std::istringstream in(options_.line_settings);
    for (std::string w; in >> w;)
        words.push_back(w);
    auto settings = serial::parse_setting_words(words);
    if (!settings) {
        sink_.error(settings.error().message);
        return kChatUsage;
    }
    auto port = serial::SerialPort::open(*options_.device, options_.lock_dir);
    if (!port) {
        sink_.error(port.error().message);
        return kChatIoError;
    }
    if (auto set = port->apply(*settings); !set) {
        sink_.error(set.error().message);
        return kChatIoError;
    }
    return run_on(port->fd(), port->fd());
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
