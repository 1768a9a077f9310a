// One thread of the forwarder: its own UDP and TCP sockets on every listen address, an epoll
// loop, the queries it waits on upstreams for, and its counters.
#pragma once

#include "ReplySource.h"

#include "ForwarderState.h"

#include <xgw/UniqueFd.h>
#include <xgw/dns/QueryView.h>

#include <atomic>
#include <deque>
#include <string>
#include <sys/socket.h>
#include <vector>

namespace xgw::dns {

class Worker {
  public:
    Worker(Forwarder::State& state, WorkerCounters& counters);
    // Opens the sockets; with SO_REUSEPORT, each worker has its own and the kernel spreads
    // clients over them.
    Result<void> open();
    void run(const std::atomic<bool>& stop);

  private:
    // Where a reply goes: a UDP client of a listener, or a TCP connection (while it lives).
    struct Origin {
        int listener = 0;
        Endpoint client;
        ReplySource source; // the address a UDP query came to, where the listener is a wildcard
        int conn = -1;
        std::uint32_t conn_gen = 0;
    };
    // A query waiting for an upstream.
    struct Pending {
        bool used = false;
        std::uint32_t gen = 0;
        Origin origin;
        std::vector<std::uint8_t> query; // the client's, for its ID and question
        QueryView q;
        std::string key;
        const std::vector<int>* servers = nullptr;
        int attempt = 0;
        std::vector<std::uint8_t> upstream; // the query we send; its ID set per try
        UniqueFd fd;
        bool tcp = false;
        std::size_t tcp_sent = 0;
        std::vector<std::uint8_t> tcp_in;
    };
    struct Conn {
        bool used = false;
        std::uint32_t gen = 0;
        UniqueFd fd;
        int listener = 0;
        Endpoint client;
        std::vector<std::uint8_t> in;
        std::string out;
        std::int64_t last_ms = 0;
    };
    struct Timer {
        std::int64_t deadline_ms;
        std::uint32_t slot, gen;
        int attempt;
    };

    // Answers a query now (returns the reply's length in out) or sends it upstream (returns 0).
    std::size_t handle(const Origin& origin, const std::uint8_t* p, std::size_t n,
                       std::uint8_t* out, std::size_t out_cap);
    std::size_t handle_unusual(const Origin& origin, const std::uint8_t* p, std::size_t n,
                               std::uint8_t* out, std::size_t out_cap);
    void drain_udp(int listener);

    // WorkerUpstream.cpp
    void forward(const Origin& origin, const std::uint8_t* p, std::size_t n, const QueryView& q,
                 std::string_view key);
    void send_try(std::uint32_t slot);
    void next_try(std::uint32_t slot);
    void switch_to_tcp(std::uint32_t slot);
    void upstream_event(std::uint32_t slot, std::uint32_t events);
    void upstream_udp_readable(std::uint32_t slot);
    void upstream_tcp_event(std::uint32_t slot, std::uint32_t events);
    void upstream_answer(std::uint32_t slot, const std::uint8_t* p, std::size_t n);
    void finish(std::uint32_t slot, const CachedAnswer* answer, std::uint8_t rcode);
    void expire_timers();
    int current_server(const Pending& p) const;
    std::uint16_t random_id();

    // WorkerTcp.cpp
    void accept_tcp(int listener);
    void conn_event(std::uint32_t slot, std::uint32_t events);
    void conn_send(std::uint32_t slot, const std::uint8_t* p, std::size_t n);
    void conn_close(std::uint32_t slot);
    void expire_idle();

    void reply(const Origin& origin, const std::uint8_t* p, std::size_t n);
    void watch(int fd, std::uint32_t events, std::uint64_t tag, bool modify = false);
    std::int64_t now_ms() const { return now_ms_; }

    Forwarder::State& s_;
    WorkerCounters& c_;
    UniqueFd epoll_;
    std::vector<UniqueFd> udp_, tcp_;
    std::vector<Pending> pending_;
    std::vector<std::uint32_t> free_pending_;
    std::deque<Timer> timers_; // every try has the same timeout, so they come due in order
    std::vector<Conn> conns_;
    std::deque<Timer> idle_;
    std::vector<std::uint8_t> random_;
    std::size_t random_at_ = 0;
    std::int64_t now_ms_ = 0;
    std::vector<std::uint8_t> scratch_; // one reply or upstream answer
};

// Tags of epoll events: what kind of descriptor, and its index.
enum class Tag : std::uint32_t { Udp = 1, TcpListen, Conn, Upstream };
inline std::uint64_t tag(Tag t, std::uint32_t index) {
    return std::uint64_t(static_cast<std::uint32_t>(t)) << 32 | index;
}

std::int64_t monotonic_ms();

} // namespace xgw::dns
