// A UDP socket bound to a wildcard address (0.0.0.0, ::) must answer from the address each
// query came to, or a client that asked 192.0.2.1 gets a reply from another of the host's
// addresses and drops it. The kernel says that address (IP_PKTINFO, IPV6_PKTINFO); the reply
// carries it back as its source.
#pragma once

#include <xgw/Result.h>

#include <array>
#include <cstddef>
#include <netinet/in.h>
#include <sys/socket.h>

namespace xgw::dns {

// Asks the kernel to tell, with each datagram of fd, the address it was sent to.
Result<void> ask_destination_address(int fd, int family);

class ReplySource {
  public:
    // Room for the control messages of a received datagram.
    struct Control {
        alignas(cmsghdr) std::array<unsigned char, 256> bytes;
    };
    // From what recvmsg returned with msg_control; empty (reply from the socket's own address)
    // when it holds no destination address.
    static ReplySource of(const msghdr& received);
    // Points reply's msg_control at the source address, or at nothing when empty.
    void attach(msghdr& reply) const;

  private:
    alignas(cmsghdr) std::array<unsigned char, CMSG_SPACE(sizeof(in6_pktinfo))> control_{};
    std::size_t len_ = 0;
};

} // namespace xgw::dns
