// A ChatLine on file descriptors (a tty): chat(8)'s line settings while it runs, restored after.
#pragma once

#include <xgw/Result.h>
#include <xgw/chat/ChatLine.h>

#include <termios.h>

namespace xgw::chat {

class TtyLine final : public ChatLine {
  public:
    // Reads from in_fd, writes to out_fd; owns neither.
    TtyLine(int in_fd, int out_fd);
    ~TtyLine() override;
    TtyLine(const TtyLine&) = delete;
    TtyLine& operator=(const TtyLine&) = delete;

    // Saves the settings of in_fd and sets chat's: no output processing, no echo,
    // no line editing, break and parity errors ignored, seven-bit input.
    Result<void> prepare();
    Result<void> restore();

    LineEvent read_byte(std::optional<Deadline> deadline) override;
    LineEvent write_byte(std::uint8_t byte) override;
    void send_break() override;
    LineEvent pause(std::chrono::milliseconds duration) override;
    void ignore_hangup(bool ignore) override;

  private:
    int in_fd_;
    int out_fd_;
    bool saved_ = false;
    termios saved_termios_{};
};

} // namespace xgw::chat
