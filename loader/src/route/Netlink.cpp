#include <xgw/route/Netlink.h>

#include <linux/netlink.h>
#include <net/if.h>
#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/route/rtnl.h>
#include <netlink/socket.h>
#include <sys/socket.h>

#include <cstring>

namespace xgw::route {
namespace {

struct Answer {
    bool done = false;
    int err = 0;        // positive errno from the kernel
    std::string extack; // the kernel's own explanation, when it gave one
};

std::string extack_message(nlmsgerr* e) {
    auto* hdr = reinterpret_cast<nlmsghdr*>(reinterpret_cast<char*>(e) - NLMSG_HDRLEN);
    if (!(hdr->nlmsg_flags & NLM_F_ACK_TLVS))
        return {};
    // NETLINK_CAP_ACK: the attributes follow the error and the request's header only.
    auto* attrs = reinterpret_cast<nlattr*>(reinterpret_cast<char*>(e) + sizeof(*e));
    int len = static_cast<int>(hdr->nlmsg_len) - NLMSG_HDRLEN - static_cast<int>(sizeof(*e));
    if (len <= 0)
        return {};
    nlattr* msg = nla_find(attrs, len, NLMSGERR_ATTR_MSG);
    return msg ? std::string(static_cast<const char*>(nla_data(msg)),
                             strnlen(static_cast<const char*>(nla_data(msg)), nla_len(msg)))
               : std::string();
}

int on_error(sockaddr_nl*, nlmsgerr* e, void* arg) {
    auto* a = static_cast<Answer*>(arg);
    a->err = -e->error;
    a->extack = extack_message(e);
    a->done = true;
    return NL_STOP;
}

int on_ack(nl_msg*, void* arg) {
    static_cast<Answer*>(arg)->done = true;
    return NL_STOP;
}

int on_valid(nl_msg* msg, void* arg) {
    (*static_cast<const std::function<void(nl_msg*)>*>(arg))(msg);
    return NL_OK;
}

const char* plain_words(int err) {
    switch (err) {
    case ENODEV:
        return "no such device";
    case ENETUNREACH:
        return "network unreachable";
    case EEXIST:
        return "already exists";
    case ESRCH:
    case ENOENT:
        return "no such entry";
    case EADDRNOTAVAIL:
        return "address not available";
    case EPERM:
    case EACCES:
        return "operation not permitted (needs root or CAP_NET_ADMIN)";
    case EINVAL:
        return "invalid argument";
    default:
        return nullptr;
    }
}

Error kernel_error(const Answer& a, const std::string& what) {
    Error e = Error::from_errno(a.err, what);
    if (a.err == ESRCH)
        e.kind = Errc::NotFound;
    if (const char* words = plain_words(a.err))
        e.message = what + ": " + words;
    if (!a.extack.empty())
        e.message += " (" + a.extack + ")";
    return e;
}

} // namespace

void Netlink::Deleter::operator()(nl_sock* sk) const {
    nl_socket_free(sk);
}
Netlink::Netlink(Netlink&&) noexcept = default;
Netlink& Netlink::operator=(Netlink&&) noexcept = default;
Netlink::~Netlink() = default;

Result<Netlink> Netlink::open() {
    nl_sock* sk = nl_socket_alloc();
    if (!sk)
        return make_error(Errc::Failed, "allocate a netlink socket: out of memory");
    Netlink nl(sk);
    if (int err = nl_connect(sk, NETLINK_ROUTE); err < 0)
        return nl_failure(err, "open a route netlink socket");
    int one = 1;
    // Best effort: older kernels simply give no extended explanation.
    (void)setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one);
    (void)setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof one);
    return nl;
}

Result<void> Netlink::request(nl_msg* msg, const std::string& what) const {
    std::unique_ptr<nl_msg, void (*)(nl_msg*)> owned(msg, nlmsg_free);
    std::unique_ptr<nl_cb, void (*)(nl_cb*)> cb(nl_cb_clone(nl_socket_get_cb(sk_.get())),
                                                nl_cb_put);
    if (!cb)
        return make_error(Errc::Failed, what + ": out of memory");
    Answer answer;
    nl_cb_err(cb.get(), NL_CB_CUSTOM, on_error, &answer);
    nl_cb_set(cb.get(), NL_CB_ACK, NL_CB_CUSTOM, on_ack, &answer);
    if (int err = nl_send_auto(sk_.get(), msg); err < 0)
        return nl_failure(err, what);
    while (!answer.done)
        if (int err = nl_recvmsgs(sk_.get(), cb.get()); err < 0 && !answer.done)
            return nl_failure(err, what);
    if (answer.err)
        return kernel_error(answer, what);
    return {};
}

Result<void> Netlink::dump(int type, int family, const std::function<void(nl_msg*)>& each,
                           const std::string& what) const {
    std::unique_ptr<nl_cb, void (*)(nl_cb*)> cb(nl_cb_clone(nl_socket_get_cb(sk_.get())),
                                                nl_cb_put);
    if (!cb)
        return make_error(Errc::Failed, what + ": out of memory");
    nl_cb_set(cb.get(), NL_CB_VALID, NL_CB_CUSTOM, on_valid,
              const_cast<std::function<void(nl_msg*)>*>(&each));
    if (int err = nl_rtgen_request(sk_.get(), type, family, NLM_F_DUMP); err < 0)
        return nl_failure(err, what);
    if (int err = nl_recvmsgs(sk_.get(), cb.get()); err < 0)
        return nl_failure(err, what);
    return {};
}

Error nl_failure(int nle, const std::string& what) {
    Errc kind = Errc::Failed;
    if (nle == -NLE_PERM)
        kind = Errc::Permission;
    else if (nle == -NLE_NODEV || nle == -NLE_OBJ_NOTFOUND)
        kind = Errc::NotFound;
    else if (nle == -NLE_EXIST)
        kind = Errc::Conflict;
    return make_error(kind, what + ": " + nl_geterror(nle));
}

Result<int> ifindex_of(const std::string& ifname) {
    unsigned idx = ifname.size() < IF_NAMESIZE ? if_nametoindex(ifname.c_str()) : 0;
    if (idx == 0)
        return make_error(Errc::NotFound,
                          "no such device '" + ifname + "' in this network namespace");
    return static_cast<int>(idx);
}

std::string ifname_of(int ifindex) {
    char buf[IF_NAMESIZE];
    return if_indextoname(static_cast<unsigned>(ifindex), buf) ? buf
                                                               : "if" + std::to_string(ifindex);
}

} // namespace xgw::route
