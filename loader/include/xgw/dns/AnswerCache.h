// Answers by question, bounded in number, least recently used out first; shared by every
// worker thread, locked per shard so that threads rarely meet.
#pragma once

#include <xgw/dns/CachedAnswer.h>

#include <array>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace xgw::dns {

class AnswerCache {
  public:
    explicit AnswerCache(std::size_t capacity);

    // Calls use(answer) under the shard's lock when a live answer is cached for key, and
    // returns true; an expired one is dropped.
    template <class Use> bool with(std::string_view key, std::int64_t now_ms, Use&& use) {
        auto& s = shard(key);
        std::lock_guard lock(s.mutex);
        auto it = s.index.find(key);
        if (it == s.index.end())
            return false;
        auto node = it->second;
        if (!node->answer.local && node->answer.expires_ms <= now_ms) {
            s.index.erase(it);
            s.lru.erase(node);
            return false;
        }
        s.lru.splice(s.lru.begin(), s.lru, node);
        use(node->answer);
        return true;
    }

    void put(std::string_view key, CachedAnswer answer);
    std::size_t size() const;
    std::size_t capacity() const { return per_shard_ * kShards; }

  private:
    static constexpr std::size_t kShards = 16;
    struct Node {
        std::string key;
        CachedAnswer answer;
    };
    struct Shard {
        std::mutex mutex;
        std::list<Node> lru;                                                   // most recent first
        std::unordered_map<std::string_view, std::list<Node>::iterator> index; // views into lru
    };
    Shard& shard(std::string_view key);

    std::size_t per_shard_;
    std::unique_ptr<std::array<Shard, kShards>> shards_;
};

} // namespace xgw::dns
