#include <xgw/Netns.h>

#include <xgw/UniqueFd.h>

#include <fcntl.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif

namespace xgw {

Result<void> enter_netns(const std::string& name) {
    if (name.empty() || name.find('/') != std::string::npos)
        return make_error(Errc::Usage, "invalid network namespace name '" + name + "'");
    std::string path = "/run/netns/" + name;
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd)
        return Error::from_errno(errno, "network namespace '" + name + "' (" + path + ")");
    if (::setns(fd.get(), CLONE_NEWNET) != 0)
        return Error::from_errno(errno, "enter network namespace '" + name + "'");
    return {};
}

Result<std::uint64_t> current_netns_cookie() {
    UniqueFd sock(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    if (!sock)
        return Error::from_errno(errno, "socket");
    std::uint64_t cookie = 0;
    socklen_t len = sizeof(cookie);
    if (::getsockopt(sock.get(), SOL_SOCKET, SO_NETNS_COOKIE, &cookie, &len) != 0)
        return Error::from_errno(errno, "read network namespace cookie (SO_NETNS_COOKIE, Linux 5.14+)");
    return cookie;
}

} // namespace xgw
