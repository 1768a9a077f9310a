// A text document kept in a pinned map of its own (made by user space, not by the programs),
// so that it lives and dies with the namespace's other xgw state: sealed (SealedDocument.h),
// in chunks. Writers hold the state lock; a reader that meets a half-written document asks again.
#pragma once

#include <xgw/Result.h>
#include <xgw/UniqueFd.h>
#include <xgw/bpf/PinPaths.h>

#include <string>

namespace xgw::fw {

class PinnedDocument {
  public:
    // The document pinned as map NAME; "" when there is none yet.
    static Result<std::string> read(const PinPaths& paths, const std::string& name);
    // Replaces the document, making its map when missing. The caller holds the state lock.
    static Result<void> write(const PinPaths& paths, const std::string& name,
                              const std::string& body);
};

} // namespace xgw::fw
