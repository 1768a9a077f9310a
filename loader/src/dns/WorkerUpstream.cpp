// The queries a worker sends upstream: one connected UDP socket per try (a fresh random source
// port, and the kernel drops datagrams from any other address), a random ID, TCP when the
// answer comes truncated, the next server on a timeout or failure, SERVFAIL when all failed.
#include "UpstreamQuery.h"
#include "Worker.h"

#include <xgw/dns/UpstreamAnswer.h>

#include <cerrno>
#include <sys/epoll.h>
#include <sys/random.h>

namespace xgw::dns {
namespace {

// Queries a worker waits on at once; past that, clients get SERVFAIL at once.
constexpr std::size_t kMaxPending = 4096;

} // namespace

std::uint16_t Worker::random_id() {
    if (random_at_ + 2 > random_.size()) {
        random_.resize(512);
        // getrandom(2) of this size does not fail once the pool is ready.
        if (::getrandom(random_.data(), random_.size(), 0) < 0)
            return static_cast<std::uint16_t>(now_ms_ ^ reinterpret_cast<std::uintptr_t>(this));
        random_at_ = 0;
    }
    auto id = get16(random_.data() + random_at_);
    random_at_ += 2;
    return id;
}

int Worker::current_server(const Pending& p) const {
    return (*p.servers)[static_cast<std::size_t>(p.attempt) % p.servers->size()];
}

void Worker::forward(const Origin& origin, const std::uint8_t* p, std::size_t n, const QueryView& q,
                     std::string_view key) {
    const auto& servers = s_.routes.route(name_text(p + kHeaderSize));
    std::uint8_t* out = scratch_.data();
    if (servers.empty()) {
        // A local-only domain (--server /DOMAIN/): what the hosts file lacks does not exist.
        reply(origin, out, render_error(p, n, &q, kNxDomain, out));
        return;
    }
    if (free_pending_.empty() && pending_.size() >= kMaxPending) {
        c_.add(Count::Overload);
        c_.add(Count::ServFail);
        reply(origin, out, render_error(p, n, &q, kServFail, out));
        return;
    }
    std::uint32_t slot;
    if (!free_pending_.empty()) {
        slot = free_pending_.back();
        free_pending_.pop_back();
    } else {
        slot = static_cast<std::uint32_t>(pending_.size());
        pending_.emplace_back();
    }
    auto& pq = pending_[slot];
    pq.used = true;
    pq.gen++;
    pq.origin = origin;
    pq.query.assign(p, p + n);
    pq.q = q;
    pq.key = key;
    pq.servers = &servers;
    pq.attempt = 0;
    pq.upstream = upstream_query(p, n, q);
    send_try(slot);
}

void Worker::send_try(std::uint32_t slot) {
    auto& pq = pending_[slot];
    int server = current_server(pq);
    const auto& to = s_.routes.servers()[static_cast<std::size_t>(server)];
    put16(pq.upstream.data(), random_id());
    pq.tcp = false;
    pq.fd = UniqueFd(::socket(to.family(), SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    c_.add(server, UpstreamCount::Queries);
    timers_.push_back({now_ms_ + s_.config.timeout_ms, slot, pq.gen, pq.attempt});
    // connect(2): the kernel picks a random source port and delivers only the server's replies.
    if (!pq.fd || ::connect(pq.fd.get(), to.sa(), to.len) != 0 ||
        ::send(pq.fd.get(), pq.upstream.data(), pq.upstream.size(), 0) < 0) {
        c_.add(server, UpstreamCount::Failures);
        next_try(slot);
        return;
    }
    watch(pq.fd.get(), EPOLLIN, tag(Tag::Upstream, slot));
}

void Worker::switch_to_tcp(std::uint32_t slot) {
    auto& pq = pending_[slot];
    int server = current_server(pq);
    const auto& to = s_.routes.servers()[static_cast<std::size_t>(server)];
    c_.add(server, UpstreamCount::TcpRetries);
    put16(pq.upstream.data(), random_id());
    pq.tcp = true;
    pq.tcp_sent = 0;
    pq.tcp_in.clear();
    pq.fd = UniqueFd(::socket(to.family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    // The TCP try gets a timeout of its own; the UDP try's timer no longer matches.
    timers_.push_back({now_ms_ + s_.config.timeout_ms, slot, ++pq.gen, pq.attempt});
    if (!pq.fd || (::connect(pq.fd.get(), to.sa(), to.len) != 0 && errno != EINPROGRESS)) {
        c_.add(server, UpstreamCount::Failures);
        next_try(slot);
        return;
    }
    watch(pq.fd.get(), EPOLLOUT | EPOLLIN, tag(Tag::Upstream, slot));
}

void Worker::next_try(std::uint32_t slot) {
    auto& pq = pending_[slot];
    pq.fd.reset();
    pq.attempt++;
    pq.gen++; // timers of the old try no longer match
    auto tries = static_cast<int>(pq.servers->size()) * std::max(1, s_.config.attempts);
    if (pq.attempt >= tries) {
        c_.add(Count::ServFail);
        finish(slot, nullptr, kServFail);
        return;
    }
    send_try(slot);
}

void Worker::upstream_event(std::uint32_t slot, std::uint32_t events) {
    if (slot >= pending_.size() || !pending_[slot].used || !pending_[slot].fd)
        return;
    if (pending_[slot].tcp)
        upstream_tcp_event(slot, events);
    else
        upstream_udp_readable(slot);
}

void Worker::upstream_udp_readable(std::uint32_t slot) {
    auto gen = pending_[slot].gen;
    while (pending_[slot].used && pending_[slot].gen == gen && !pending_[slot].tcp) {
        auto n = ::recv(pending_[slot].fd.get(), scratch_.data(), scratch_.size(), 0);
        if (n < 0 && errno == EAGAIN)
            return;
        if (n < 0) { // ICMP port unreachable and the like
            c_.add(current_server(pending_[slot]), UpstreamCount::Failures);
            next_try(slot);
            return;
        }
        upstream_answer(slot, scratch_.data(), static_cast<std::size_t>(n));
    }
}

void Worker::upstream_tcp_event(std::uint32_t slot, std::uint32_t events) {
    auto& pq = pending_[slot];
    int server = current_server(pq);
    if (events & (EPOLLERR | EPOLLHUP) && !(events & EPOLLIN)) {
        c_.add(server, UpstreamCount::Failures);
        next_try(slot);
        return;
    }
    if (pq.tcp_sent < pq.upstream.size() + 2) {
        std::vector<std::uint8_t> framed(2);
        put16(framed.data(), static_cast<std::uint16_t>(pq.upstream.size()));
        framed.insert(framed.end(), pq.upstream.begin(), pq.upstream.end());
        auto n = ::send(pq.fd.get(), framed.data() + pq.tcp_sent, framed.size() - pq.tcp_sent,
                        MSG_NOSIGNAL);
        if (n < 0 && errno != EAGAIN) {
            c_.add(server, UpstreamCount::Failures);
            next_try(slot);
            return;
        }
        if (n > 0)
            pq.tcp_sent += static_cast<std::size_t>(n);
        if (pq.tcp_sent == framed.size())
            watch(pq.fd.get(), EPOLLIN, tag(Tag::Upstream, slot), true);
        return;
    }
    std::uint8_t buf[4096];
    while (true) {
        auto n = ::recv(pq.fd.get(), buf, sizeof buf, 0);
        if (n < 0 && errno == EAGAIN)
            return;
        if (n <= 0) {
            c_.add(server, UpstreamCount::Failures);
            next_try(slot);
            return;
        }
        pq.tcp_in.insert(pq.tcp_in.end(), buf, buf + n);
        if (pq.tcp_in.size() >= 2 && pq.tcp_in.size() >= 2u + get16(pq.tcp_in.data())) {
            std::vector<std::uint8_t> msg(pq.tcp_in.begin() + 2,
                                          pq.tcp_in.begin() + 2 + get16(pq.tcp_in.data()));
            upstream_answer(slot, msg.data(), msg.size());
            return;
        }
    }
}

void Worker::upstream_answer(std::uint32_t slot, const std::uint8_t* p, std::size_t n) {
    auto& pq = pending_[slot];
    int server = current_server(pq);
    auto checked = check_answer(p, n, get16(pq.upstream.data()), pq.key, now_ms_);
    switch (checked.check) {
    case AnswerCheck::Mismatch:
        c_.add(server, UpstreamCount::Ignored);
        if (pq.tcp) // one message per TCP connection: a wrong one ends the try
            next_try(slot);
        return;
    case AnswerCheck::Truncated:
        if (pq.tcp) {
            c_.add(server, UpstreamCount::Failures);
            next_try(slot);
        } else {
            switch_to_tcp(slot);
        }
        return;
    case AnswerCheck::Malformed:
    case AnswerCheck::Failed:
        c_.add(server, UpstreamCount::Failures);
        next_try(slot);
        return;
    case AnswerCheck::Good:
        break;
    }
    c_.add(server, UpstreamCount::Answers);
    if (s_.tap)
        s_.tap->answered(name_text(p + kHeaderSize), p, n);
    finish(slot, &checked.answer, 0);
    if (checked.cache_ttl > 0)
        s_.cache.put(pq.key, std::move(checked.answer));
}

void Worker::finish(std::uint32_t slot, const CachedAnswer* answer, std::uint8_t rcode) {
    auto& pq = pending_[slot];
    std::vector<std::uint8_t> out(std::min<std::size_t>(reply_limit(pq.q, pq.origin.conn >= 0),
                                                        4096 * (pq.origin.conn >= 0 ? 16 : 1)) +
                                  64);
    std::size_t len = 0;
    if (answer) {
        len = render_answer(*answer, now_ms_, pq.query.data(), pq.q, out.size() - 64, out.data());
        if (get16(out.data() + 2) & kFlagTc)
            c_.add(Count::Truncated);
    } else {
        len = render_error(pq.query.data(), pq.query.size(), &pq.q, rcode, out.data());
    }
    reply(pq.origin, out.data(), len);
    pq.used = false;
    pq.gen++;
    pq.fd.reset();
    pq.query.clear();
    free_pending_.push_back(slot);
}

void Worker::expire_timers() {
    while (!timers_.empty() && timers_.front().deadline_ms <= now_ms_) {
        auto t = timers_.front();
        timers_.pop_front();
        if (t.slot >= pending_.size())
            continue;
        auto& pq = pending_[t.slot];
        if (!pq.used || pq.gen != t.gen || pq.attempt != t.attempt)
            continue;
        c_.add(current_server(pq), UpstreamCount::Timeouts);
        next_try(t.slot);
    }
}

} // namespace xgw::dns
