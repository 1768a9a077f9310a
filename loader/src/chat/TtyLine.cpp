#include <xgw/chat/TtyLine.h>

#include "SignalLatch.h"

#include <cerrno>
#include <poll.h>
#include <thread>
#include <unistd.h>

namespace xgw::chat {

TtyLine::TtyLine(int in_fd, int out_fd) : in_fd_(in_fd), out_fd_(out_fd) {}

TtyLine::~TtyLine() { (void)restore(); }

Result<void> TtyLine::prepare() {
    termios t{};
    if (tcgetattr(in_fd_, &t) < 0)
        return Error::from_errno(errno, "Can't get terminal parameters");
    saved_termios_ = t;
    saved_ = true;
    t.c_iflag |= IGNBRK | ISTRIP | IGNPAR;
    t.c_oflag = 0;
    t.c_lflag = 0;
    t.c_cc[VERASE] = 0;
    t.c_cc[VKILL] = 0;
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    if (tcsetattr(in_fd_, TCSANOW, &t) < 0)
        return Error::from_errno(errno, "Can't set terminal parameters");
    return {};
}

Result<void> TtyLine::restore() {
    if (!saved_)
        return {};
    saved_ = false;
    if (tcsetattr(in_fd_, TCSANOW, &saved_termios_) < 0)
        return Error::from_errno(errno, "Can't restore terminal parameters");
    return {};
}

LineEvent TtyLine::read_byte(std::optional<Deadline> deadline) {
    for (;;) {
        if (int sig = SignalLatch::take())
            return {LineStatus::Interrupted, 0, 0, sig};
        int wait_ms = -1;
        if (deadline) {
            auto left = std::chrono::ceil<std::chrono::milliseconds>(
                *deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0)
                return {LineStatus::Timeout};
            wait_ms = static_cast<int>(left.count());
        }
        pollfd p{in_fd_, POLLIN, 0};
        int n = poll(&p, 1, wait_ms);
        if (n < 0 && errno != EINTR)
            return {LineStatus::Failed, 0, errno};
        if (n <= 0)
            continue;
        // One byte per read: what chat leaves unread belongs to the program that runs next (pppd).
        unsigned char c;
        ssize_t got = read(in_fd_, &c, 1);
        if (got == 1)
            return {LineStatus::Ok, c};
        if (got == 0)
            return {LineStatus::Eof};
        if (errno != EINTR && errno != EAGAIN)
            return {LineStatus::Failed, 0, errno};
    }
}

LineEvent TtyLine::write_byte(std::uint8_t byte) {
    for (;;) {
        if (int sig = SignalLatch::take())
            return {LineStatus::Interrupted, 0, 0, sig};
        ssize_t n = write(out_fd_, &byte, 1);
        if (n == 1)
            return {};
        if (n == 0)
            return {LineStatus::Eof};
        if (errno != EINTR)
            return {LineStatus::Failed, 0, errno};
    }
}

void TtyLine::send_break() { tcsendbreak(in_fd_, 0); }

LineEvent TtyLine::pause(std::chrono::milliseconds duration) {
    std::this_thread::sleep_for(duration);
    if (int sig = SignalLatch::take())
        return {LineStatus::Interrupted, 0, 0, sig};
    return {};
}

void TtyLine::ignore_hangup(bool ignore) { SignalLatch::ignore_hangup(ignore); }

} // namespace xgw::chat
