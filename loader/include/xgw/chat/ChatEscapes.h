// chat(8)'s escape language: what an expect or send string means once its escapes are read.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace xgw::chat {

// A send string after its escapes are read. Bytes go to the line as they are, except
// that a backslash introduces one command: \d sleep 1s, \K break, \p pause, or a
// literal next byte (\\ is a backslash, backslash-NUL a NUL byte).
struct SendString {
    std::string encoded;
    bool quiet = false; // \q: log "??????" instead of the string
};

struct EscapeSettings {
    std::optional<std::string> phone;  // -T, replaces \T in send strings
    std::optional<std::string> phone2; // -U, replaces \U
    bool use_env = false;              // -E, $NAME is replaced by the environment's value
};

class ChatEscapes {
  public:
    explicit ChatEscapes(EscapeSettings settings = {}) : settings_(std::move(settings)) {}

    // The bytes an expect (or ABORT, REPORT) string stands for.
    std::string expect(std::string_view raw) const;
    // A send (or SAY) string, with the carriage return chat adds unless it ends in \c.
    SendString send(std::string_view raw) const;

  private:
    std::string clean(std::string_view raw, bool sending, bool& quiet) const;
    void backslash(char c, std::string_view& rest, bool sending, bool& quiet, bool& add_return,
                   std::string& out) const;
    void environment(std::string_view& rest, std::string& out) const;

    EscapeSettings settings_;
};

// chat's "%v" rendering for logs: control bytes as ^X, high bytes as M-x.
std::string visible(std::string_view bytes);

// chat's rendering of one received byte for -V and echo output.
std::string character(unsigned char c);

} // namespace xgw::chat
