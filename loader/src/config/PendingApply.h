// The mark of an apply that awaits `xgw confirm`: a file under /run/xgw named after the
// namespace's state directory, holding the token its watchdog checks. Read and written under
// the namespace's StateLock.
#pragma once

#include <xgw/Result.h>
#include <xgw/bpf/PinPaths.h>

#include <cstdint>
#include <optional>

namespace xgw::config {

class PendingApply {
  public:
    explicit PendingApply(const PinPaths& paths);
    std::optional<std::uint64_t> token() const;
    // A new mark with a fresh token; returns the token.
    Result<std::uint64_t> mark();
    void clear();

  private:
    std::string path_;
};

} // namespace xgw::config
