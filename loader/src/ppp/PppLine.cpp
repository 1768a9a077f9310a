#include <xgw/ppp/PppLine.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>

namespace xgw::ppp {
namespace {

std::optional<speed_t> baud(std::uint32_t speed) {
    switch (speed) {
    case 1200: return B1200;
    case 2400: return B2400;
    case 4800: return B4800;
    case 9600: return B9600;
    case 19200: return B19200;
    case 38400: return B38400;
    case 57600: return B57600;
    case 115200: return B115200;
    case 230400: return B230400;
    case 460800: return B460800;
    case 921600: return B921600;
    default: return std::nullopt;
    }
}

void set_blocking(int fd, bool blocking) {
    int flags = fcntl(fd, F_GETFL);
    fcntl(fd, F_SETFL, blocking ? flags & ~O_NONBLOCK : flags | O_NONBLOCK);
}

} // namespace

Result<PppLine> PppLine::open(const LineOptions& o) {
    std::optional<serial::LockFile> lock;
    if (o.lock) {
        auto l = serial::LockFile::acquire(o.device, o.lock_dir);
        if (!l)
            return l.error();
        lock.emplace(std::move(*l));
    }
    UniqueFd fd(::open(o.device.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
    if (!fd)
        return Error::from_errno(errno, "cannot open " + o.device);
    termios t{};
    if (tcgetattr(fd.get(), &t) < 0)
        return Error::from_errno(errno, o.device + " is not a terminal");
    cfmakeraw(&t);
    t.c_cflag |= CREAD;
    t.c_cflag = o.modem ? (t.c_cflag & ~CLOCAL) | HUPCL : (t.c_cflag | CLOCAL) & ~HUPCL;
    t.c_cflag = o.crtscts ? t.c_cflag | CRTSCTS : t.c_cflag & ~CRTSCTS;
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    if (o.speed) {
        auto b = baud(o.speed);
        if (!b)
            return make_error(Errc::Usage, "speed " + std::to_string(o.speed) +
                                               " is not a standard rate (use xgw serial set)");
        cfsetispeed(&t, *b);
        cfsetospeed(&t, *b);
    }
    if (tcsetattr(fd.get(), TCSANOW, &t) < 0)
        return Error::from_errno(errno, "cannot set line settings of " + o.device);
    return PppLine(std::move(lock), std::move(fd));
}

Result<int> PppLine::run(const std::string& command) const {
    // The child shares the open file, so its blocking mode is the child's too.
    set_blocking(fd_.get(), true);
    pid_t pid = fork();
    if (pid < 0) {
        set_blocking(fd_.get(), false);
        return Error::from_errno(errno, "fork");
    }
    if (pid == 0) {
        dup2(fd_.get(), 0);
        dup2(fd_.get(), 1);
        execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    set_blocking(fd_.get(), false);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

} // namespace xgw::ppp
