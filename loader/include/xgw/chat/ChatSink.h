// Where a chat's words go. The engine decides what is said; the sink decides where it lands.
#pragma once

#include <string_view>

namespace xgw::chat {

class ChatSink {
  public:
    virtual ~ChatSink() = default;
    // chat's log: syslog and, with -s, standard error. One line, without newline.
    virtual void log(std::string_view line) = 0;
    // A fatal message: as log, at error priority.
    virtual void error(std::string_view line) = 0;
    // A line for the report file (-r), or standard error without one.
    virtual void report(std::string_view line) = 0;
    // Bytes for the terminal (standard error): SAY, ECHO and -V output.
    virtual void terminal(std::string_view bytes) = 0;
};

} // namespace xgw::chat
