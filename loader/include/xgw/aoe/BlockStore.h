// The file or block device behind a target, in 512-byte sectors, with vblade's -o/-l window
// and its -d (O_DIRECT), -s (O_SYNC) and -r (read-only) modes.
#pragma once

#include <xgw/Result.h>
#include <xgw/UniqueFd.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

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
    // Combined writes: stage() gathers consecutive writes into one run in memory, commit()
    // writes the run with one system call. Only a write that continues_run() may be staged (the
    // caller commits first otherwise), and reads do not see a run before it is committed.
    bool continues_run(std::uint64_t lba, unsigned count) const;
    void stage(std::uint64_t lba, unsigned count, const std::uint8_t* in);
    Result<void> commit();
    bool staged() const { return run_count_ > 0; }
    // Drops the page that small reads were served from (see read_in_page); the target calls it
    // after each batch of frames, so no answer comes from data older than its batch.
    void forget_page() { page_lba_ = kNoPage; }

  private:
    struct FreeAligned {
        void operator()(std::uint8_t* p) const;
    };
    static constexpr std::uint64_t kNoPage = ~std::uint64_t{0};
    BlockStore(UniqueFd fd, std::uint64_t offset, std::uint64_t sectors, bool readonly, bool direct);
    // A read smaller than a page, inside one: reads the page whole and serves it from memory.
    Result<bool> read_in_page(std::uint64_t lba, unsigned count, std::uint8_t* out);
    UniqueFd fd_;
    std::uint64_t offset_;
    std::uint64_t sectors_;
    bool readonly_;
    std::unique_ptr<std::uint8_t, FreeAligned> bounce_; // O_DIRECT wants aligned buffers
    std::uint64_t page_lba_ = kNoPage;                  // file sector the page starts at
    std::vector<std::uint8_t> page_;
    std::unique_ptr<std::uint8_t, FreeAligned> run_; // staged writes, aligned for O_DIRECT
    std::uint64_t run_lba_ = 0;
    unsigned run_count_ = 0;
};

} // namespace xgw::aoe
