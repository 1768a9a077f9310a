#include "Worker.h"

#include <xgw/dns/CachedAnswer.h>
#include <xgw/dns/UnusualQuery.h>

#include <algorithm>
#include <cerrno>
#include <ctime>
#include <netinet/in.h>
#include <sys/epoll.h>

namespace xgw::dns {
namespace {

constexpr unsigned kBatch = 32;
// The largest query we read and the largest UDP reply we send, whatever the client offers.
constexpr std::size_t kMaxUdp = 4096;
constexpr std::size_t kMaxMessage = 65535 + 2;

Result<UniqueFd> listener(const Endpoint& e, int type) {
    UniqueFd fd(::socket(e.family(), type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd)
        return Error::from_errno(errno, "socket");
    int one = 1;
    ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0)
        return Error::from_errno(errno, "SO_REUSEPORT");
    if (e.family() == AF_INET6)
        ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    std::string proto = type == SOCK_DGRAM ? "udp " : "tcp ";
    if (type == SOCK_DGRAM && is_wildcard(e))
        if (auto ok = ask_destination_address(fd.get(), e.family()); !ok)
            return ok.error();
    if (::bind(fd.get(), e.sa(), e.len) != 0)
        return Error::from_errno(errno, "bind " + proto + e.str());
    if (type == SOCK_STREAM && ::listen(fd.get(), 128) != 0)
        return Error::from_errno(errno, "listen " + proto + e.str());
    return fd;
}

} // namespace

std::int64_t monotonic_ms() {
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return std::int64_t(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

Worker::Worker(Forwarder::State& state, WorkerCounters& counters)
    : s_(state), c_(counters), scratch_(kMaxMessage) {}

Result<void> Worker::open() {
    epoll_ = UniqueFd(::epoll_create1(EPOLL_CLOEXEC));
    if (!epoll_)
        return Error::from_errno(errno, "epoll_create1");
    for (std::size_t i = 0; i < s_.listen.size(); i++) {
        auto u = listener(s_.listen[i], SOCK_DGRAM);
        if (!u)
            return u.error();
        auto t = listener(s_.listen[i], SOCK_STREAM);
        if (!t)
            return t.error();
        watch(u->get(), EPOLLIN, tag(Tag::Udp, static_cast<std::uint32_t>(i)));
        watch(t->get(), EPOLLIN, tag(Tag::TcpListen, static_cast<std::uint32_t>(i)));
        udp_.push_back(std::move(*u));
        tcp_.push_back(std::move(*t));
    }
    return {};
}

void Worker::watch(int fd, std::uint32_t events, std::uint64_t t, bool modify) {
    epoll_event ev{};
    ev.events = events;
    ev.data.u64 = t;
    ::epoll_ctl(epoll_.get(), modify ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &ev);
}

void Worker::run(const std::atomic<bool>& stop) {
    epoll_event events[64];
    while (!stop.load(std::memory_order_relaxed)) {
        now_ms_ = monotonic_ms();
        // Wake for the next timeout, and at least every 100 ms to notice stop.
        std::int64_t wait = 100;
        if (!timers_.empty())
            wait = std::clamp<std::int64_t>(timers_.front().deadline_ms - now_ms_ + 1, 0, wait);
        int n = ::epoll_wait(epoll_.get(), events, 64, static_cast<int>(wait));
        now_ms_ = monotonic_ms();
        for (int i = 0; i < n; i++) {
            auto kind = static_cast<Tag>(events[i].data.u64 >> 32);
            auto index = static_cast<std::uint32_t>(events[i].data.u64);
            switch (kind) {
            case Tag::Udp:
                drain_udp(static_cast<int>(index));
                break;
            case Tag::TcpListen:
                accept_tcp(static_cast<int>(index));
                break;
            case Tag::Conn:
                conn_event(index, events[i].events);
                break;
            case Tag::Upstream:
                upstream_event(index, events[i].events);
                break;
            }
        }
        expire_timers();
        expire_idle();
    }
}

void Worker::drain_udp(int li) {
    static thread_local std::vector<std::uint8_t> in(kBatch * kMaxUdp), out(kBatch * kMaxUdp);
    mmsghdr msgs[kBatch]{}, replies[kBatch]{};
    iovec iov[kBatch], riov[kBatch];
    sockaddr_storage addrs[kBatch];
    ReplySource::Control controls[kBatch];
    ReplySource sources[kBatch];
    int fd = udp_[static_cast<std::size_t>(li)].get();
    // Bounded, so that TCP clients and upstream answers are served between batches.
    for (int round = 0; round < 16; round++) {
        for (unsigned i = 0; i < kBatch; i++) {
            iov[i] = {in.data() + i * kMaxUdp, kMaxUdp};
            msgs[i].msg_hdr = {};
            msgs[i].msg_hdr.msg_name = &addrs[i];
            msgs[i].msg_hdr.msg_namelen = sizeof addrs[i];
            msgs[i].msg_hdr.msg_iov = &iov[i];
            msgs[i].msg_hdr.msg_iovlen = 1;
            msgs[i].msg_hdr.msg_control = controls[i].bytes.data();
            msgs[i].msg_hdr.msg_controllen = controls[i].bytes.size();
        }
        int n = ::recvmmsg(fd, msgs, kBatch, MSG_DONTWAIT, nullptr);
        if (n <= 0)
            return;
        unsigned r = 0;
        for (int i = 0; i < n; i++) {
            c_.add(Count::QueriesUdp);
            Origin o;
            o.listener = li;
            o.client =
                Endpoint::of(reinterpret_cast<sockaddr*>(&addrs[i]), msgs[i].msg_hdr.msg_namelen);
            o.source = ReplySource::of(msgs[i].msg_hdr);
            std::uint8_t* reply = out.data() + r * kMaxUdp;
            auto len =
                handle(o, in.data() + std::size_t(i) * kMaxUdp, msgs[i].msg_len, reply, kMaxUdp);
            if (len == 0)
                continue;
            riov[r] = {reply, len};
            replies[r].msg_hdr = {};
            replies[r].msg_hdr.msg_name = &addrs[i];
            replies[r].msg_hdr.msg_namelen = msgs[i].msg_hdr.msg_namelen;
            replies[r].msg_hdr.msg_iov = &riov[r];
            replies[r].msg_hdr.msg_iovlen = 1;
            sources[r] = o.source;
            sources[r].attach(replies[r].msg_hdr);
            r++;
        }
        for (unsigned sent = 0; sent < r;) {
            int k = ::sendmmsg(fd, replies + sent, r - sent, 0);
            if (k <= 0)
                break; // the socket buffer is full: UDP may lose replies, clients retry
            sent += static_cast<unsigned>(k);
        }
        if (n < static_cast<int>(kBatch))
            return;
    }
}

std::size_t Worker::handle(const Origin& origin, const std::uint8_t* p, std::size_t n,
                           std::uint8_t* out, std::size_t out_cap) {
    auto q = scan_query(p, n);
    if (!q)
        return handle_unusual(origin, p, n, out, out_cap);
    if (!s_.acl.allows(origin.client.sa())) {
        c_.add(Count::Refused);
        return render_error(p, n, &*q, kRefused, out);
    }
    std::uint8_t keybuf[kMaxKeySize];
    auto key = q->key(p, keybuf);
    auto limit = std::min(reply_limit(*q, origin.conn >= 0), out_cap);
    std::size_t len = 0;
    auto render = [&](const CachedAnswer& a) {
        len = render_answer(a, now_ms_, p, *q, limit, out);
        if (get16(out + 2) & kFlagTc)
            c_.add(Count::Truncated);
    };
    if (auto* local = s_.hosts.find(key)) {
        c_.add(Count::LocalAnswers);
        render(*local);
        return len;
    }
    if (s_.cache.with(key, now_ms_, render)) {
        c_.add(Count::CacheHits);
        return len;
    }
    c_.add(Count::CacheMisses);
    forward(origin, p, n, *q, key);
    return 0;
}

std::size_t Worker::handle_unusual(const Origin& origin, const std::uint8_t* p, std::size_t n,
                                   std::uint8_t* out, std::size_t out_cap) {
    auto u = read_unusual_query(p, n);
    switch (u.kind) {
    case UnusualQuery::Drop:
        c_.add(Count::Dropped);
        return 0;
    case UnusualQuery::Serve:
        return handle(origin, u.canonical.data(), u.canonical.size(), out, out_cap);
    case UnusualQuery::Reply:
        break;
    }
    c_.add(u.rcode == kNotImp    ? Count::NotImp
           : u.rcode == kBadVers ? Count::BadVers
                                 : Count::FormErr);
    if (u.canonical.empty())
        return render_error(p, n, nullptr, u.rcode, out);
    auto q = scan_query(u.canonical.data(), u.canonical.size());
    return render_error(u.canonical.data(), u.canonical.size(), &*q, u.rcode, out);
}

void Worker::reply(const Origin& origin, const std::uint8_t* p, std::size_t n) {
    if (origin.conn < 0) {
        iovec iov{const_cast<std::uint8_t*>(p), n};
        msghdr m{};
        m.msg_name = const_cast<sockaddr*>(origin.client.sa());
        m.msg_namelen = origin.client.len;
        m.msg_iov = &iov;
        m.msg_iovlen = 1;
        origin.source.attach(m);
        ::sendmsg(udp_[static_cast<std::size_t>(origin.listener)].get(), &m, MSG_DONTWAIT);
        return;
    }
    auto slot = static_cast<std::uint32_t>(origin.conn);
    if (conns_[slot].used && conns_[slot].gen == origin.conn_gen)
        conn_send(slot, p, n);
}

} // namespace xgw::dns
