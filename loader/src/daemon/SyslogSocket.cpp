#include <xgw/daemon/SyslogSocket.h>

#include <sys/socket.h>
#include <sys/un.h>

#include <cstring>

namespace xgw::daemon {

namespace {

Result<UniqueFd> open_connected(const std::string& path) {
    sockaddr_un sa{};
    if (path.size() >= sizeof sa.sun_path)
        return make_error(Errc::Usage, "syslog socket path too long: " + path);
    UniqueFd fd(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!fd)
        return Error::from_errno(errno, "open a syslog socket");
    sa.sun_family = AF_UNIX;
    std::memcpy(sa.sun_path, path.data(), path.size());
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0)
        return Error::from_errno(errno, "connect to the syslog socket " + path);
    return fd;
}

} // namespace

Result<SyslogSocket> SyslogSocket::connect(std::string path) {
    auto fd = open_connected(path);
    if (!fd)
        return fd.error();
    return SyslogSocket(std::move(path), std::move(*fd));
}

bool SyslogSocket::send(std::string_view message) {
    if (::send(fd_.get(), message.data(), message.size(), MSG_NOSIGNAL) >= 0)
        return true;
    if (errno != ECONNREFUSED && errno != ENOTCONN)
        return false; // EAGAIN: the receiver is behind; never block the loop for it
    auto again = open_connected(path_);
    if (!again)
        return false;
    fd_ = std::move(*again);
    return ::send(fd_.get(), message.data(), message.size(), MSG_NOSIGNAL) >= 0;
}

} // namespace xgw::daemon
