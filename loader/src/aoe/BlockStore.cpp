#include <xgw/aoe/BlockStore.h>

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#include <cstdlib>
#include <cstring>
#include <utility>

namespace xgw::aoe {
namespace {

constexpr std::size_t kSector = 512;
constexpr std::size_t kAlign = 4096;
constexpr std::uint64_t kPageSectors = kAlign / kSector;
constexpr std::size_t kBounce = 256 * kSector; // an ATA request carries at most 255 sectors
constexpr unsigned kRunSectors = 256;          // 32 blocks of 4 KiB in one combined write

Result<std::uint64_t> size_of(int fd, const std::string& path) {
    struct stat st {};
    if (::fstat(fd, &st) != 0)
        return Error::from_errno(errno, "stat " + path);
    if (S_ISREG(st.st_mode))
        return static_cast<std::uint64_t>(st.st_size);
    if (!S_ISBLK(st.st_mode))
        return make_error(Errc::Usage, path + " is neither a regular file nor a block device");
    std::uint64_t bytes = 0;
    if (::ioctl(fd, BLKGETSIZE64, &bytes) != 0)
        return Error::from_errno(errno, "size of " + path);
    return bytes;
}

Result<void> full_io(bool write, int fd, std::uint8_t* buf, std::size_t len, off_t at) {
    while (len > 0) {
        ssize_t n = write ? ::pwrite(fd, buf, len, at) : ::pread(fd, buf, len, at);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return Error::from_errno(errno, write ? "write" : "read");
        if (n == 0)
            return make_error(Errc::Failed, "unexpected end of file");
        buf += n;
        len -= static_cast<std::size_t>(n);
        at += n;
    }
    return {};
}

} // namespace

void BlockStore::FreeAligned::operator()(std::uint8_t* p) const { std::free(p); }

BlockStore::BlockStore(UniqueFd fd, std::uint64_t offset, std::uint64_t sectors, bool readonly,
                       bool direct)
    : fd_(std::move(fd)), offset_(offset), sectors_(sectors), readonly_(readonly),
      run_(static_cast<std::uint8_t*>(std::aligned_alloc(kAlign, kRunSectors * kSector))) {
    if (direct)
        bounce_.reset(static_cast<std::uint8_t*>(std::aligned_alloc(kAlign, kBounce)));
}

Result<BlockStore> BlockStore::open(const std::string& path, const StoreOptions& o) {
    int flags = (o.readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC | (o.direct ? O_DIRECT : 0) |
                (o.sync ? O_SYNC : 0);
    UniqueFd fd(::open(path.c_str(), flags));
    if (!fd)
        return Error::from_errno(errno, "open " + path);
    auto bytes = size_of(fd.get(), path);
    if (!bytes)
        return bytes.error();
    std::uint64_t total = *bytes / kSector;
    if (total <= o.offset)
        return make_error(Errc::Usage, "offset " + std::to_string(o.offset) +
                                           " is not inside " + path + " (" +
                                           std::to_string(total) + " sectors)");
    std::uint64_t sectors = total - o.offset;
    if (o.length) {
        if (o.length > sectors)
            return make_error(Errc::Usage, "length " + std::to_string(o.length) +
                                               " runs past the end of " + path);
        sectors = o.length;
    }
    return BlockStore(std::move(fd), o.offset, sectors, o.readonly, o.direct);
}

// An initiator splits a 4 KiB block into frames of a few sectors that arrive together: one pread
// of the page answers them all, where each would otherwise cost a system call.
Result<bool> BlockStore::read_in_page(std::uint64_t lba, unsigned count, std::uint8_t* out) {
    const std::uint64_t at = offset_ + lba, first = at / kPageSectors * kPageSectors;
    if (count >= kPageSectors || at + count > first + kPageSectors || first < offset_ ||
        first + kPageSectors > offset_ + sectors_)
        return false;
    if (page_lba_ != first) {
        page_.resize(kAlign);
        page_lba_ = kNoPage;
        if (auto ok = full_io(false, fd_.get(), page_.data(), kAlign, static_cast<off_t>(first * kSector)); !ok)
            return ok.error();
        page_lba_ = first;
    }
    std::memcpy(out, page_.data() + (at - first) * kSector, count * kSector);
    return true;
}

Result<void> BlockStore::read(std::uint64_t lba, unsigned count, std::uint8_t* out) {
    off_t at = static_cast<off_t>((offset_ + lba) * kSector);
    std::size_t len = count * kSector;
    if (!bounce_) {
        auto paged = read_in_page(lba, count, out);
        if (!paged)
            return paged.error();
        return *paged ? Result<void>{} : full_io(false, fd_.get(), out, len, at);
    }
    if (auto ok = full_io(false, fd_.get(), bounce_.get(), len, at); !ok)
        return ok;
    std::memcpy(out, bounce_.get(), len);
    return {};
}

Result<void> BlockStore::write(std::uint64_t lba, unsigned count, const std::uint8_t* in) {
    forget_page();
    off_t at = static_cast<off_t>((offset_ + lba) * kSector);
    std::size_t len = count * kSector;
    if (!bounce_)
        return full_io(true, fd_.get(), const_cast<std::uint8_t*>(in), len, at);
    std::memcpy(bounce_.get(), in, len);
    return full_io(true, fd_.get(), bounce_.get(), len, at);
}

bool BlockStore::continues_run(std::uint64_t lba, unsigned count) const {
    return run_count_ == 0 || (lba == run_lba_ + run_count_ && run_count_ + count <= kRunSectors);
}

void BlockStore::stage(std::uint64_t lba, unsigned count, const std::uint8_t* in) {
    forget_page();
    if (run_count_ == 0)
        run_lba_ = lba;
    std::memcpy(run_.get() + std::size_t{run_count_} * kSector, in, count * kSector);
    run_count_ += count;
}

Result<void> BlockStore::commit() {
    const std::size_t len = std::size_t{std::exchange(run_count_, 0u)} * kSector;
    if (len == 0)
        return {};
    return full_io(true, fd_.get(), run_.get(), len, static_cast<off_t>((offset_ + run_lba_) * kSector));
}

Result<void> BlockStore::flush() {
    if (::fdatasync(fd_.get()) != 0)
        return Error::from_errno(errno, "flush");
    return {};
}

} // namespace xgw::aoe
