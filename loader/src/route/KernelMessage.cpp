#include "KernelMessage.h"

#include <netlink/msg.h>
#include <netlink/netlink.h>

#include <cstring>

namespace xgw::route {

KernelMessage::KernelMessage(const nlmsghdr* hdr) : bytes_(hdr->nlmsg_len) {
    std::memcpy(bytes_.data(), hdr, hdr->nlmsg_len);
}

Result<void> KernelMessage::send(const Netlink& nl, int type, int flags,
                                 const std::string& what) const {
    nl_msg* msg = nlmsg_convert(const_cast<nlmsghdr*>(header()));
    if (!msg)
        return make_error(Errc::Failed, what + ": out of memory");
    nlmsghdr* hdr = nlmsg_hdr(msg);
    hdr->nlmsg_type = static_cast<__u16>(type);
    hdr->nlmsg_flags = static_cast<__u16>(flags);
    // The dump's sequence number and port are the dump's: take fresh ones for this request.
    hdr->nlmsg_seq = NL_AUTO_SEQ;
    hdr->nlmsg_pid = NL_AUTO_PORT;
    return nl.request(msg, what);
}

} // namespace xgw::route
