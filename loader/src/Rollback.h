// Undoes the steps of a half-done change unless the change is committed.
#pragma once

#include <functional>
#include <utility>
#include <vector>

namespace xgw {

class Rollback {
  public:
    Rollback() = default;
    Rollback(const Rollback&) = delete;
    Rollback& operator=(const Rollback&) = delete;
    ~Rollback() {
        if (!committed_)
            for (auto it = steps_.rbegin(); it != steps_.rend(); ++it)
                (*it)();
    }
    void add(std::function<void()> undo) { steps_.push_back(std::move(undo)); }
    void commit() { committed_ = true; }
    // Hands the steps over to run later (a confirmation watchdog): none runs here.
    std::function<void()> defer() {
        committed_ = true;
        return [steps = std::move(steps_)] {
            for (auto it = steps.rbegin(); it != steps.rend(); ++it)
                (*it)();
        };
    }

  private:
    std::vector<std::function<void()>> steps_;
    bool committed_ = false;
};

} // namespace xgw
