#include <xgw/dns/AnswerCache.h>

#include <algorithm>

namespace xgw::dns {

AnswerCache::AnswerCache(std::size_t capacity)
    : per_shard_(std::max<std::size_t>(1, (capacity + kShards - 1) / kShards)),
      shards_(std::make_unique<std::array<Shard, kShards>>()) {}

AnswerCache::Shard& AnswerCache::shard(std::string_view key) {
    return (*shards_)[std::hash<std::string_view>{}(key) % kShards];
}

void AnswerCache::put(std::string_view key, CachedAnswer answer) {
    auto& s = shard(key);
    std::lock_guard lock(s.mutex);
    if (auto it = s.index.find(key); it != s.index.end()) {
        it->second->answer = std::move(answer);
        s.lru.splice(s.lru.begin(), s.lru, it->second);
        return;
    }
    if (s.lru.size() >= per_shard_) {
        s.index.erase(s.lru.back().key);
        s.lru.pop_back();
    }
    s.lru.push_front(Node{std::string(key), std::move(answer)});
    s.index.emplace(s.lru.front().key, s.lru.begin());
}

std::size_t AnswerCache::size() const {
    std::size_t n = 0;
    for (auto& s : *shards_) {
        std::lock_guard lock(s.mutex);
        n += s.lru.size();
    }
    return n;
}

} // namespace xgw::dns
