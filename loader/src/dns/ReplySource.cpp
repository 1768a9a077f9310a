#include "ReplySource.h"

#include <cstring>

namespace xgw::dns {

Result<void> ask_destination_address(int fd, int family) {
    int one = 1;
    const int rc = family == AF_INET
                       ? ::setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof one)
                       : ::setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one, sizeof one);
    if (rc != 0)
        return Error::from_errno(errno, family == AF_INET ? "IP_PKTINFO" : "IPV6_RECVPKTINFO");
    return {};
}

ReplySource ReplySource::of(const msghdr& received) {
    ReplySource s;
    auto* m = const_cast<msghdr*>(&received);
    for (cmsghdr* c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c)) {
        msghdr out{};
        out.msg_control = s.control_.data();
        out.msg_controllen = s.control_.size();
        cmsghdr* put = CMSG_FIRSTHDR(&out);
        if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
            in_pktinfo in{};
            std::memcpy(&in, CMSG_DATA(c), sizeof in);
            // The source only; ifindex 0 lets routing pick the way back, as for any reply.
            in_pktinfo reply{};
            reply.ipi_spec_dst = in.ipi_addr;
            put->cmsg_level = IPPROTO_IP;
            put->cmsg_type = IP_PKTINFO;
            put->cmsg_len = CMSG_LEN(sizeof reply);
            std::memcpy(CMSG_DATA(put), &reply, sizeof reply);
            s.len_ = CMSG_SPACE(sizeof reply);
            return s;
        }
        if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
            // The interface too: a link-local address means something only on its link.
            put->cmsg_level = IPPROTO_IPV6;
            put->cmsg_type = IPV6_PKTINFO;
            put->cmsg_len = CMSG_LEN(sizeof(in6_pktinfo));
            std::memcpy(CMSG_DATA(put), CMSG_DATA(c), sizeof(in6_pktinfo));
            s.len_ = CMSG_SPACE(sizeof(in6_pktinfo));
            return s;
        }
    }
    return s;
}

void ReplySource::attach(msghdr& reply) const {
    reply.msg_control = len_ ? const_cast<unsigned char*>(control_.data()) : nullptr;
    reply.msg_controllen = len_;
}

} // namespace xgw::dns
