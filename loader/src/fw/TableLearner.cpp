#include <xgw/fw/TableLearner.h>

#include <xgw/fw/FirewallTables.h>

#include <algorithm>
#include <chrono>
#include <ctime>

namespace xgw::fw {
namespace {

// Answers waiting beyond this are dropped: a client flood must not grow the queue forever.
constexpr std::size_t kMaxQueue = 4096;

} // namespace

TableLearner::TableLearner(PinPaths paths, std::function<void(const std::string&)> failed)
    : paths_(std::move(paths)), failed_(std::move(failed)), thread_([this] { run(); }) {}

TableLearner::~TableLearner() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void TableLearner::answered(std::string_view qname, const std::uint8_t* wire, std::size_t n) {
    {
        std::lock_guard lock(mutex_);
        if (queue_.size() >= kMaxQueue ||
            std::none_of(patterns_.begin(), patterns_.end(),
                         [&](const std::string& p) { return learn_matches(p, qname); }))
            return;
    }
    LearnedAnswer seen{std::string(qname), dns::addresses_in_answer(wire, n)};
    if (seen.answer.addresses.empty())
        return;
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(seen));
    }
    wake_.notify_one();
}

void TableLearner::reload_patterns() {
    auto doc = TableNames(paths_).read();
    std::vector<std::string> patterns;
    if (doc)
        for (const auto& [table, t] : *doc)
            patterns.insert(patterns.end(), t.learn.begin(), t.learn.end());
    std::lock_guard lock(mutex_);
    patterns_ = std::move(patterns);
}

void TableLearner::write(std::vector<LearnedAnswer> batch) {
    auto tables = FirewallTables::open(paths_);
    if (!tables)
        return failed_(tables.error().message);
    auto n = TableNames(paths_).learned(*tables, batch, std::time(nullptr));
    if (!n)
        return failed_(n.error().message);
    learned_ += *n;
}

void TableLearner::run() {
    auto next_reload = std::chrono::steady_clock::now();
    std::unique_lock lock(mutex_);
    while (!stop_) {
        if (std::chrono::steady_clock::now() >= next_reload) {
            lock.unlock();
            reload_patterns();
            lock.lock();
            next_reload = std::chrono::steady_clock::now() + std::chrono::seconds(1);
        }
        wake_.wait_until(lock, next_reload, [this] { return stop_ || !queue_.empty(); });
        if (queue_.empty())
            continue;
        auto batch = std::move(queue_);
        queue_.clear();
        lock.unlock();
        write(std::move(batch));
        lock.lock();
    }
}

} // namespace xgw::fw
