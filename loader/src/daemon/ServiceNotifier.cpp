#include <xgw/daemon/ServiceNotifier.h>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstddef>
#include <cstdlib>
#include <cstring>

namespace xgw::daemon {

namespace {

// $WATCHDOG_USEC when it is meant for this process ($WATCHDOG_PID absent or ours).
std::optional<std::chrono::microseconds> watchdog_timeout() {
    const char* usec = std::getenv("WATCHDOG_USEC");
    if (!usec)
        return std::nullopt;
    if (const char* pid = std::getenv("WATCHDOG_PID"); pid && std::atol(pid) != ::getpid())
        return std::nullopt;
    const long long n = std::atoll(usec);
    if (n <= 0)
        return std::nullopt;
    return std::chrono::microseconds(n);
}

} // namespace

Result<ServiceNotifier> ServiceNotifier::from_environment() {
    std::optional<std::chrono::microseconds> watchdog;
    if (auto t = watchdog_timeout())
        watchdog = *t / 2;
    const char* where = std::getenv("NOTIFY_SOCKET");
    if (!where || !*where)
        return ServiceNotifier(UniqueFd(), "", watchdog);
    std::string address = where;
    if (address[0] == '@')
        address[0] = '\0';
    else if (address[0] != '/')
        return make_error(Errc::Usage, "NOTIFY_SOCKET='" + std::string(where) +
                                           "' is neither a path nor an abstract name");
    if (address.size() >= sizeof(sockaddr_un::sun_path))
        return make_error(Errc::Usage, "NOTIFY_SOCKET is too long");
    UniqueFd fd(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    if (!fd)
        return Error::from_errno(errno, "open a socket for NOTIFY_SOCKET");
    return ServiceNotifier(std::move(fd), std::move(address), watchdog);
}

Result<void> ServiceNotifier::notify(std::string_view state) const {
    if (!active())
        return {};
    sockaddr_un sa{};
    sa.sun_family = AF_UNIX;
    std::memcpy(sa.sun_path, address_.data(), address_.size());
    const auto len = socklen_t(offsetof(sockaddr_un, sun_path) + address_.size() +
                               (address_[0] == '\0' ? 0 : 1));
    if (::sendto(fd_.get(), state.data(), state.size(), MSG_NOSIGNAL,
                 reinterpret_cast<const sockaddr*>(&sa), len) < 0)
        return Error::from_errno(errno, "notify the service manager");
    return {};
}

} // namespace xgw::daemon
