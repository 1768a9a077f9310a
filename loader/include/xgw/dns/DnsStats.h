// The forwarder's counters: per worker thread while it runs, summed into a snapshot to read.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace xgw::dns {

enum class Count : unsigned {
    QueriesUdp,
    QueriesTcp,
    CacheHits,
    CacheMisses,
    LocalAnswers, // from the hosts file
    Truncated,    // answers too big for the client's buffer: sent with TC
    Refused,      // clients outside --allow
    FormErr,      // malformed queries
    NotImp,       // opcodes other than QUERY
    BadVers,      // EDNS versions other than 0
    ServFail,     // every upstream failed or timed out
    Overload,     // too many queries waiting for upstreams
    Dropped,      // not answered at all (replies sent to us, runts)
    kCount,
};

enum class UpstreamCount : unsigned {
    Queries, // sent, over UDP or TCP
    Answers, // good answers received
    Timeouts,
    Failures,   // SERVFAIL, REFUSED, malformed or TCP errors
    TcpRetries, // truncated over UDP, asked again over TCP
    Ignored,    // replies that did not match the query (ID, question): possible spoofing
    kCount,
};

const char* count_name(Count c);
const char* upstream_count_name(UpstreamCount c);

// Written by one thread only, read by any: a plain load and store, no locked instruction.
class Counter {
  public:
    void add(std::uint64_t n = 1) {
        v_.store(v_.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
    }
    std::uint64_t get() const { return v_.load(std::memory_order_relaxed); }

  private:
    std::atomic<std::uint64_t> v_{0};
};

struct WorkerCounters {
    explicit WorkerCounters(std::size_t upstreams) : upstream(upstreams) {}
    std::array<Counter, static_cast<unsigned>(Count::kCount)> counts;
    std::vector<std::array<Counter, static_cast<unsigned>(UpstreamCount::kCount)>> upstream;

    void add(Count c, std::uint64_t n = 1) { counts[static_cast<unsigned>(c)].add(n); }
    void add(int server, UpstreamCount c) { upstream[server][static_cast<unsigned>(c)].add(); }
};

struct DnsStats {
    std::array<std::uint64_t, static_cast<unsigned>(Count::kCount)> counts{};
    struct Upstream {
        std::string server; // "192.0.2.1:53"
        std::array<std::uint64_t, static_cast<unsigned>(UpstreamCount::kCount)> counts{};
    };
    std::vector<Upstream> upstreams;
    std::uint64_t cache_entries = 0, cache_capacity = 0;

    std::uint64_t get(Count c) const { return counts[static_cast<unsigned>(c)]; }
    // {"queries": {...}, "upstreams": [...], "cache": {...}}
    std::string json() const;
    // Prometheus text exposition format.
    std::string prometheus() const;
    static DnsStats from_json(const std::string& text);
};

} // namespace xgw::dns
