#include <xgw/ConfirmWatchdog.h>

#include <csignal>
#include <fcntl.h>
#include <thread>
#include <unistd.h>

namespace xgw {

Result<void> start_confirm_watchdog(std::chrono::seconds timeout, std::function<void()> expire) {
    pid_t pid = fork();
    if (pid < 0)
        return Error::from_errno(errno, "start the confirmation watchdog");
    if (pid > 0)
        return {};
    setsid();
    signal(SIGHUP, SIG_IGN);
    if (int null = ::open("/dev/null", O_RDWR); null >= 0) {
        dup2(null, 0), dup2(null, 1), dup2(null, 2);
        if (null > 2)
            ::close(null);
    }
    std::this_thread::sleep_for(timeout);
    expire();
    _exit(0);
}

} // namespace xgw
