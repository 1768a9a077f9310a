// DNS over TCP from clients (RFC 7766): length-prefixed queries, several per connection,
// answered in any order; idle connections closed.
#include "Worker.h"

#include <cerrno>
#include <sys/epoll.h>

namespace xgw::dns {
namespace {

constexpr std::size_t kMaxConns = 256;
constexpr std::int64_t kIdleMs = 10000;

} // namespace

void Worker::accept_tcp(int li) {
    while (true) {
        sockaddr_storage addr{};
        socklen_t len = sizeof addr;
        UniqueFd fd(::accept4(tcp_[static_cast<std::size_t>(li)].get(),
                              reinterpret_cast<sockaddr*>(&addr), &len,
                              SOCK_NONBLOCK | SOCK_CLOEXEC));
        if (!fd)
            return;
        std::uint32_t slot = 0;
        while (slot < conns_.size() && conns_[slot].used)
            slot++;
        if (slot == kMaxConns) {
            c_.add(Count::Overload);
            continue; // closed
        }
        if (slot == conns_.size())
            conns_.emplace_back();
        auto& c = conns_[slot];
        c.used = true;
        c.gen++;
        c.listener = li;
        c.client = Endpoint::of(reinterpret_cast<sockaddr*>(&addr), len);
        c.in.clear();
        c.out.clear();
        c.last_ms = now_ms_;
        c.fd = std::move(fd);
        watch(c.fd.get(), EPOLLIN, tag(Tag::Conn, slot));
        idle_.push_back({now_ms_ + kIdleMs, slot, c.gen, 0});
    }
}

void Worker::conn_event(std::uint32_t slot, std::uint32_t events) {
    if (slot >= conns_.size() || !conns_[slot].used)
        return;
    auto gen = conns_[slot].gen;
    if (events & EPOLLOUT && !conns_[slot].out.empty()) {
        auto& c = conns_[slot];
        auto n = ::send(c.fd.get(), c.out.data(), c.out.size(), MSG_NOSIGNAL);
        if (n < 0 && errno != EAGAIN)
            return conn_close(slot);
        if (n > 0)
            c.out.erase(0, static_cast<std::size_t>(n));
        if (c.out.empty())
            watch(c.fd.get(), EPOLLIN, tag(Tag::Conn, slot), true);
    }
    if (!(events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
        return;
    std::uint8_t buf[4096];
    auto n = ::recv(conns_[slot].fd.get(), buf, sizeof buf, 0);
    if (n == 0 || (n < 0 && errno != EAGAIN))
        return conn_close(slot);
    if (n < 0)
        return;
    auto& c = conns_[slot];
    c.last_ms = now_ms_;
    c.in.insert(c.in.end(), buf, buf + n);
    std::size_t at = 0;
    while (c.in.size() - at >= 2 && c.in.size() - at >= 2u + get16(c.in.data() + at)) {
        std::size_t len = get16(c.in.data() + at);
        std::vector<std::uint8_t> query(c.in.begin() + static_cast<long>(at + 2),
                                        c.in.begin() + static_cast<long>(at + 2 + len));
        at += 2 + len;
        c_.add(Count::QueriesTcp);
        Origin o;
        o.listener = c.listener;
        o.client = c.client;
        o.conn = static_cast<int>(slot);
        o.conn_gen = gen;
        auto r = handle(o, query.data(), query.size(), scratch_.data(), 65535);
        if (!conns_[slot].used || conns_[slot].gen != gen)
            return;
        if (r)
            conn_send(slot, scratch_.data(), r);
        if (!conns_[slot].used || conns_[slot].gen != gen)
            return;
    }
    conns_[slot].in.erase(conns_[slot].in.begin(), conns_[slot].in.begin() + static_cast<long>(at));
}

void Worker::conn_send(std::uint32_t slot, const std::uint8_t* p, std::size_t n) {
    auto& c = conns_[slot];
    std::string framed(2, '\0');
    put16(reinterpret_cast<std::uint8_t*>(framed.data()), static_cast<std::uint16_t>(n));
    framed.append(reinterpret_cast<const char*>(p), n);
    if (!c.out.empty()) {
        c.out += framed;
        return;
    }
    auto sent = ::send(c.fd.get(), framed.data(), framed.size(), MSG_NOSIGNAL);
    if (sent < 0 && errno != EAGAIN)
        return conn_close(slot);
    c.out = framed.substr(sent < 0 ? 0 : static_cast<std::size_t>(sent));
    if (!c.out.empty())
        watch(c.fd.get(), EPOLLIN | EPOLLOUT, tag(Tag::Conn, slot), true);
}

void Worker::conn_close(std::uint32_t slot) {
    auto& c = conns_[slot];
    c.fd.reset();
    c.used = false;
    c.gen++;
    c.in.clear();
    c.out.clear();
}

void Worker::expire_idle() {
    while (!idle_.empty() && idle_.front().deadline_ms <= now_ms_) {
        auto t = idle_.front();
        idle_.pop_front();
        auto& c = conns_[t.slot];
        if (!c.used || c.gen != t.gen)
            continue;
        if (c.last_ms + kIdleMs > now_ms_)
            idle_.push_back({c.last_ms + kIdleMs, t.slot, t.gen, 0});
        else
            conn_close(t.slot);
    }
}

} // namespace xgw::dns
