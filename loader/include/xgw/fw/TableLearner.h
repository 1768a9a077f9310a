// Feeds firewall tables from the answers the DNS forwarder relays: a table that learns
// "*.example.org" gets the addresses of every name below example.org that a client looks up,
// for as long as the answer's TTL (fw/TableNames.h). The workers only queue what matches; a
// thread of the learner's own writes the tables, so no query waits for the state lock.
#pragma once

#include <xgw/bpf/PinPaths.h>
#include <xgw/dns/AnswerTap.h>
#include <xgw/fw/TableNames.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace xgw::fw {

class TableLearner : public dns::AnswerTap {
  public:
    // failed: told why a batch could not be written (on the learner's thread).
    TableLearner(PinPaths paths, std::function<void(const std::string&)> failed);
    ~TableLearner() override;

    void answered(std::string_view qname, const std::uint8_t* wire, std::size_t n) override;
    std::uint64_t learned() const { return learned_; } // names put in tables so far

  private:
    void run();
    void reload_patterns();
    void write(std::vector<LearnedAnswer> batch);
    PinPaths paths_;
    std::function<void(const std::string&)> failed_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<std::string> patterns_; // of every table, read again each second
    std::vector<LearnedAnswer> queue_;
    std::atomic<std::uint64_t> learned_{0};
    bool stop_ = false;
    std::thread thread_; // last: it starts once everything it uses is made
};

} // namespace xgw::fw
