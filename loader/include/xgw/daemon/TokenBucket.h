// A rate limit: up to `burst` at once, refilled at `rate` per second.
#pragma once

#include <algorithm>
#include <cstdint>

namespace xgw::daemon {

class TokenBucket {
  public:
    TokenBucket(double rate, double burst) : rate_(rate), burst_(burst), tokens_(burst) {}

    // Takes one token at time now_ns (any monotonic clock); false when none is left.
    bool take(std::int64_t now_ns) {
        if (last_ns_)
            tokens_ = std::min(burst_, tokens_ + rate_ * double(now_ns - last_ns_) / 1e9);
        last_ns_ = now_ns;
        if (tokens_ < 1)
            return false;
        tokens_ -= 1;
        return true;
    }

  private:
    double rate_, burst_, tokens_;
    std::int64_t last_ns_ = 0;
};

} // namespace xgw::daemon
