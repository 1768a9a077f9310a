#include <xgw/aoe/PacketSocket.h>

#include <xgw/abi/aoe.h>

#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace xgw::aoe {
namespace {

constexpr int kSocketBuffer = 8 << 20;
constexpr std::size_t kMaxBatch = 64;

Result<ifreq> ifreq_for(int fd, const std::string& ifname, unsigned long request, const char* what) {
    ifreq ifr{};
    std::strncpy(ifr.ifr_name, ifname.c_str(), IFNAMSIZ - 1);
    if (::ioctl(fd, request, &ifr) != 0)
        return Error::from_errno(errno, std::string(what) + " of " + ifname);
    return ifr;
}

void grow_buffers(int fd) {
    // FORCE works as root past rmem_max; the plain option is the fallback without CAP_NET_ADMIN.
    for (int opt : {SO_RCVBUFFORCE, SO_SNDBUFFORCE})
        if (::setsockopt(fd, SOL_SOCKET, opt, &kSocketBuffer, sizeof(kSocketBuffer)) != 0)
            (void)::setsockopt(fd, SOL_SOCKET, opt == SO_RCVBUFFORCE ? SO_RCVBUF : SO_SNDBUF,
                               &kSocketBuffer, sizeof(kSocketBuffer));
}

} // namespace

Result<PacketSocket> PacketSocket::open(const std::string& ifname) {
    if (ifname.empty() || ifname.size() >= IFNAMSIZ)
        return make_error(Errc::Usage, "invalid interface name '" + ifname + "'");
    int ifindex = static_cast<int>(if_nametoindex(ifname.c_str()));
    if (ifindex == 0)
        return make_error(Errc::NotFound, "no interface '" + ifname + "' in this network namespace");
    UniqueFd fd(::socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(XGW_ETH_P_AOE)));
    if (!fd)
        return Error::from_errno(errno, "open an AF_PACKET socket (needs CAP_NET_RAW)");
    sockaddr_ll sll{};
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(XGW_ETH_P_AOE);
    sll.sll_ifindex = ifindex;
    if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&sll), sizeof(sll)) != 0)
        return Error::from_errno(errno, "bind AF_PACKET socket to " + ifname);
    grow_buffers(fd.get());
    auto ifr = ifreq_for(fd.get(), ifname, SIOCGIFHWADDR, "read the MAC address");
    if (!ifr)
        return ifr.error();
    MacAddress mac;
    std::memcpy(mac.bytes.data(), ifr->ifr_hwaddr.sa_data, 6);
    return PacketSocket(std::move(fd), ifindex, ifname, mac);
}

Result<int> PacketSocket::mtu() const {
    auto ifr = ifreq_for(fd_.get(), ifname_, SIOCGIFMTU, "read the MTU");
    if (!ifr)
        return ifr.error();
    return ifr->ifr_mtu;
}

Result<void> PacketSocket::attach_filter(std::span<const sock_filter> program) const {
    sock_fprog prog{static_cast<unsigned short>(program.size()), const_cast<sock_filter*>(program.data())};
    if (::setsockopt(fd_.get(), SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog)) != 0)
        return Error::from_errno(errno, "attach a socket filter on " + ifname_);
    return {};
}

Result<void> PacketSocket::send(std::span<const std::uint8_t> frame) const {
    while (::send(fd_.get(), frame.data(), frame.size(), 0) < 0) {
        if (errno == EINTR)
            continue;
        if (errno == ENOBUFS || errno == EAGAIN) {
            pollfd p{fd_.get(), POLLOUT, 0};
            (void)::poll(&p, 1, 10);
            continue;
        }
        return Error::from_errno(errno, "send on " + ifname_);
    }
    return {};
}

Result<void> PacketSocket::send_all(std::span<const std::span<const std::uint8_t>> frames) const {
    std::vector<mmsghdr> msgs(std::min(frames.size(), kMaxBatch));
    std::vector<iovec> iovs(msgs.size());
    std::size_t done = 0, oversized = 0;
    while (done < frames.size()) {
        std::size_t n = std::min(frames.size() - done, kMaxBatch);
        for (std::size_t i = 0; i < n; i++) {
            iovs[i] = {const_cast<std::uint8_t*>(frames[done + i].data()), frames[done + i].size()};
            msgs[i] = {};
            msgs[i].msg_hdr.msg_iov = &iovs[i];
            msgs[i].msg_hdr.msg_iovlen = 1;
        }
        int sent = ::sendmmsg(fd_.get(), msgs.data(), static_cast<unsigned>(n), 0);
        if (sent > 0) {
            done += static_cast<std::size_t>(sent);
            continue;
        }
        if (auto ok = send(frames[done]); !ok) { // blocks through ENOBUFS, reports real errors
            if (ok.error().sys_errno != EMSGSIZE)
                return ok;
            oversized++; // the MTU went down under a frame built for the old one: send the rest
        }
        done++;
    }
    if (oversized)
        return Error{Errc::Failed, EMSGSIZE,
                     std::to_string(oversized) + " frame(s) longer than the MTU of " + ifname_ +
                         " not sent"};
    return {};
}

Result<bool> PacketSocket::wait_readable(int timeout_ms) const {
    pollfd p{fd_.get(), POLLIN, 0};
    int ready = ::poll(&p, 1, timeout_ms);
    if (ready < 0 && errno != EINTR)
        return Error::from_errno(errno, "poll on " + ifname_);
    return ready > 0;
}

Result<std::size_t> PacketSocket::receive(std::span<std::uint8_t> buf, int timeout_ms) const {
    auto ready = wait_readable(timeout_ms);
    if (!ready)
        return ready.error();
    if (!*ready)
        return std::size_t{0};
    ssize_t n = ::recv(fd_.get(), buf.data(), buf.size(), MSG_DONTWAIT);
    if (n < 0)
        return errno == EAGAIN || errno == EINTR ? Result<std::size_t>(std::size_t{0})
                                                 : Error::from_errno(errno, "receive on " + ifname_);
    return static_cast<std::size_t>(n);
}

Result<std::size_t> PacketSocket::receive_queued(std::span<std::span<std::uint8_t>> bufs,
                                                 std::span<std::size_t> lens) const {
    std::size_t n = std::min({bufs.size(), lens.size(), kMaxBatch});
    std::vector<mmsghdr> msgs(n);
    std::vector<iovec> iovs(n);
    for (std::size_t i = 0; i < n; i++) {
        iovs[i] = {bufs[i].data(), bufs[i].size()};
        msgs[i].msg_hdr.msg_iov = &iovs[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
    }
    int got = ::recvmmsg(fd_.get(), msgs.data(), static_cast<unsigned>(n), MSG_DONTWAIT, nullptr);
    if (got < 0)
        return errno == EAGAIN || errno == EINTR ? Result<std::size_t>(std::size_t{0})
                                                 : Error::from_errno(errno, "receive on " + ifname_);
    for (int i = 0; i < got; i++)
        lens[i] = msgs[i].msg_len;
    return static_cast<std::size_t>(got);
}

} // namespace xgw::aoe
