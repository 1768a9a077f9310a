#include <xgw/aoe/IoBench.h>

#include <sys/resource.h>

#include <chrono>
#include <random>
#include <vector>

namespace xgw::aoe {
namespace {

constexpr std::size_t kBlocksPerBatch = 1024; // one io() call: its window drains only at the end

// The next batch of block LBAs: consecutive (wrapping at the region's end) or uniform at random.
void next_lbas(const IoBenchSpec& spec, std::uint64_t blocks, std::uint64_t& cursor,
               std::mt19937_64& rng, std::vector<std::uint64_t>& out) {
    std::uniform_int_distribution<std::uint64_t> pick(0, blocks - 1);
    const std::uint64_t per_block = spec.block / kSectorSize;
    for (auto& lba : out) {
        std::uint64_t b = spec.random ? pick(rng) : cursor++ % blocks;
        lba = b * per_block;
    }
}

double cpu_seconds() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    auto s = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    return s(u.ru_utime) + s(u.ru_stime);
}

} // namespace

Result<IoBenchResult> run_io_bench(Initiator& initiator, const TargetInfo& target,
                                   const IoBenchSpec& spec) {
    if (spec.block == 0 || spec.block % kSectorSize != 0)
        return make_error(Errc::Usage, "the block size must be a multiple of 512 bytes");
    std::uint64_t sectors = spec.sectors;
    if (sectors == 0) {
        auto id = initiator.identify(target);
        if (!id)
            return id.error();
        sectors = id->sectors;
    }
    const std::uint64_t per_block = spec.block / kSectorSize, blocks = sectors / per_block;
    if (blocks == 0)
        return make_error(Errc::Usage, "the region holds no whole block");
    const unsigned frame = initiator.frame_sectors(target);
    std::vector<std::uint8_t> data(kBlocksPerBatch * spec.block);
    std::mt19937_64 rng(spec.seed);
    for (auto& b : data)
        b = static_cast<std::uint8_t>(rng());
    std::vector<std::uint64_t> lbas(kBlocksPerBatch);
    std::vector<IoRequest> reqs;
    std::uint64_t cursor = 0;
    IoBenchResult out;
    const double cpu_start = cpu_seconds();
    const auto start = std::chrono::steady_clock::now();
    const auto until = start + std::chrono::duration<double>(spec.seconds);
    while (std::chrono::steady_clock::now() < until) {
        next_lbas(spec, blocks, cursor, rng, lbas);
        reqs.clear();
        for (std::size_t i = 0; i < lbas.size(); i++)
            for (std::uint64_t s = 0; s < per_block; s += frame)
                reqs.push_back(
                    {lbas[i] + s,
                     static_cast<unsigned>(std::min<std::uint64_t>(frame, per_block - s)),
                     data.data() + i * spec.block + s * kSectorSize});
        if (auto ok = initiator.io(target, reqs, spec.write); !ok)
            return ok.error();
        out.ios += lbas.size();
        out.bytes += lbas.size() * spec.block;
    }
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    out.cpu_seconds = cpu_seconds() - cpu_start;
    return out;
}

} // namespace xgw::aoe
