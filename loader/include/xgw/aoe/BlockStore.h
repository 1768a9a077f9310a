// The file or block device behind a target, in 512-byte sectors, with vblade's -o/-l window
// and its -d (O_DIRECT), -s (O_SYNC) and -r (read-only) modes.
#pragma once

#include <xgw/Result.h>
#include <xgw/UniqueFd.h>

#include <cstdint>
#include <memory>
#include <string>

namespace xgw::aoe {

struct StoreOptions {
    bool readonly = false;
    bool direct = false;         // O_DIRECT
    bool sync = false;           // O_SYNC
    std::uint64_t offset = 0;    // sectors skipped at the start
    std::uint64_t length = 0;    // sectors exported; 0: the rest of the file
};

class BlockStore {
  public:
    static Result<BlockStore> open(const std::string& path, const StoreOptions& options);

    std::uint64_t sectors() const { return sectors_; }
    bool readonly() const { return readonly_; }
    // Whole sectors or an error; lba is relative to the export.
    Result<void> read(std::uint64_t lba, unsigned count, std::uint8_t* out);
    Result<void> write(std::uint64_t lba, unsigned count, const std::uint8_t* in);
    Result<void> flush();

  private:
    struct FreeAligned {
        void operator()(std::uint8_t* p) const;
    };
    BlockStore(UniqueFd fd, std::uint64_t offset, std::uint64_t sectors, bool readonly, bool direct);
    UniqueFd fd_;
    std::uint64_t offset_;
    std::uint64_t sectors_;
    bool readonly_;
    std::unique_ptr<std::uint8_t, FreeAligned> bounce_; // O_DIRECT wants aligned buffers
};

} // namespace xgw::aoe
