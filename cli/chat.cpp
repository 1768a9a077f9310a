// xgw chat: chat(8) with its own options and exit codes, on standard input and output or a device.
#include "Commands.h"

#include <xgw/chat/ChatEngine.h>
#include <xgw/chat/ChatOptions.h>
#include <xgw/chat/ChatSession.h>
#include <xgw/chat/StreamChatSink.h>

#include <iostream>

namespace xgw::cli {

void add_chat(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand(
        "chat", "Talk to a modem with a chat(8) script on stdin/stdout (pppd's connect program)");
    cmd->footer("Usage: xgw chat [-e] [-E] [-v] [-V] [-s] [-S] [-t TIMEOUT] [-r REPORTFILE] "
                "[-T PHONE] [-U PHONE2] [--device DEV [--set 'STTY WORDS']] {-f FILE | SCRIPT...}\n"
                "Exit codes: 0 done, 1 bad arguments or script, 2 I/O error or signal, 3 timeout, "
                "4+N the (N+1)-th ABORT string. Reference: docs/cli.md.");
    // chat's options are chat's own (bundled, -t30, ending at the first script string).
    cmd->prefix_command();
    cmd->allow_extras();
    cmd->callback([cmd, &ctx] {
        auto options = chat::parse_chat_options(cmd->remaining());
        if (!options) {
            std::cerr << chat::chat_usage("xgw chat");
            ctx.exit_code = chat::kChatUsage;
            return;
        }
        chat::StreamChatSink sink(*options, 2);
        ctx.exit_code = chat::ChatSession(*options, sink).run();
    });
}

} // namespace xgw::cli
