// The initiator's request window: up to N ATA requests in flight, matched to their answers by
// tag, sent again when no answer comes in time.
#include <xgw/aoe/Initiator.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <unordered_map>

namespace xgw::aoe {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kAtaOff = kEthLen + sizeof(xgw_aoe_hdr);
constexpr std::size_t kDataOff = kAtaOff + sizeof(xgw_aoe_ata);
constexpr std::size_t kRecvBatch = 32;
constexpr std::size_t kRecvFrame = 16384;
constexpr std::uint8_t kAtaStatusErr = 0x01;

struct InFlight {
    std::size_t index;
    int tries;
    Clock::time_point deadline;
};

} // namespace

class Initiator::Window {
  public:
    Window(Initiator& ini, const TargetInfo& target, std::span<const IoRequest> reqs, bool write)
        : ini_(ini), target_(target), reqs_(reqs), write_(write),
          bufs_(kRecvBatch, std::vector<std::uint8_t>(kRecvFrame)) {}

    Result<void> run(unsigned window) {
        while (done_ < reqs_.size()) {
            if (auto ok = fill(window); !ok)
                return ok;
            if (auto ok = receive(); !ok)
                return ok;
            if (auto ok = resend_expired(); !ok)
                return ok;
        }
        return {};
    }

  private:
    Result<void> fill(unsigned window) {
        frames_.clear();
        spans_.clear();
        while (inflight_.size() < window && next_ < reqs_.size()) {
            frames_.push_back(build(next_, 0));
            next_++;
        }
        for (auto& f : frames_)
            spans_.emplace_back(f);
        return ini_.socket_.send_all(spans_);
    }

    std::vector<std::uint8_t> build(std::size_t index, int tries) {
        const IoRequest& r = reqs_[index];
        const bool ext = !ini_.options_.lba28; // io() refused what 28 bits cannot reach
        std::vector<std::uint8_t> f(kDataOff + (write_ ? r.count * kSectorSize : 0));
        std::uint32_t tag = ini_.next_tag_++;
        Header h;
        h.dst = target_.mac;
        h.src = ini_.socket_.mac();
        h.address = target_.address;
        h.command = XGW_AOE_CMD_ATA;
        h.tag = tag;
        write_header(f, h);
        AtaCmd cmd = write_ ? (ext ? AtaCmd::WriteSectorsExt : AtaCmd::WriteSectors)
                            : (ext ? AtaCmd::ReadSectorsExt : AtaCmd::ReadSectors);
        std::uint8_t aflags = (write_ ? XGW_AOE_ATA_WRITE : 0) | (ext ? XGW_AOE_ATA_EXTEND : 0);
        std::uint64_t lba = ext ? r.lba : (r.lba | 0xe0ull << 24); // LBA mode in the device register
        write_ata(f.data() + kAtaOff, AtaArgs{aflags, 0, static_cast<std::uint8_t>(r.count),
                                              static_cast<std::uint8_t>(cmd), lba});
        if (write_)
            std::memcpy(f.data() + kDataOff, r.data, r.count * kSectorSize);
        inflight_[tag] = {index, tries,
                          Clock::now() + std::chrono::milliseconds(ini_.options_.timeout_ms)};
        return f;
    }

    // Takes what is queued in one system call, and waits only when nothing is.
    Result<void> receive() {
        std::vector<std::span<std::uint8_t>> spans(bufs_.begin(), bufs_.end());
        std::size_t lens[kRecvBatch];
        auto n = ini_.socket_.receive_queued(spans, lens);
        if (n && *n == 0) {
            auto ready = ini_.socket_.wait_readable(wait_ms());
            if (!ready)
                return ready.error();
            if (!*ready)
                return {};
            n = ini_.socket_.receive_queued(spans, lens);
        }
        if (!n)
            return n.error();
        for (std::size_t i = 0; i < *n; i++)
            if (auto ok = handle(std::span(bufs_[i].data(), lens[i])); !ok)
                return ok;
        return {};
    }

    int wait_ms() const {
        auto earliest = Clock::time_point::max();
        for (const auto& [tag, f] : inflight_)
            earliest = std::min(earliest, f.deadline);
        if (earliest == Clock::time_point::max())
            return 0;
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(earliest - Clock::now());
        return static_cast<int>(std::clamp<long long>(ms.count() + 1, 0, 1000));
    }

    Result<void> handle(std::span<const std::uint8_t> frame) {
        auto h = read_header(frame, nullptr);
        if (!h || !h->is_response() || h->address != target_.address)
            return {};
        auto it = inflight_.find(h->tag);
        if (it == inflight_.end())
            return {};
        const IoRequest& r = reqs_[it->second.index];
        if (h->flags & XGW_AOE_FLAG_ERROR)
            return make_error(Errc::Failed, "target " + target_.address.str() + ": " +
                                                describe_aoe_error(h->error) + " at LBA " +
                                                std::to_string(r.lba));
        if (frame.size() < kDataOff)
            return {};
        AtaArgs a = read_ata(frame.data() + kAtaOff);
        if (a.cmd_status & kAtaStatusErr)
            return make_error(Errc::Failed, "ATA error on " + target_.address.str() + " at LBA " +
                                                std::to_string(r.lba) + " (status 0x" +
                                                to_hex(a.cmd_status) + ", error 0x" +
                                                to_hex(a.err_feature) + ")");
        if (!write_) {
            if (frame.size() < kDataOff + r.count * kSectorSize)
                return {}; // a short read answer: the retransmission asks again
            std::memcpy(r.data, frame.data() + kDataOff, r.count * kSectorSize);
        }
        inflight_.erase(it);
        done_++;
        return {};
    }

    Result<void> resend_expired() {
        auto now = Clock::now();
        std::vector<std::pair<std::size_t, int>> again;
        for (auto it = inflight_.begin(); it != inflight_.end();) {
            if (it->second.deadline > now) {
                ++it;
                continue;
            }
            if (it->second.tries >= ini_.options_.retries)
                return make_error(Errc::Failed,
                                  "no answer from AoE target " + target_.address.str() + " at LBA " +
                                      std::to_string(reqs_[it->second.index].lba) + " after " +
                                      std::to_string(it->second.tries + 1) + " tries");
            again.emplace_back(it->second.index, it->second.tries + 1);
            it = inflight_.erase(it);
        }
        ini_.retransmits_ += again.size();
        for (auto [index, tries] : again) {
            auto f = build(index, tries);
            if (auto ok = ini_.socket_.send(f); !ok)
                return ok;
        }
        return {};
    }

    static std::string to_hex(std::uint8_t v) {
        const char* d = "0123456789abcdef";
        return {d[v >> 4], d[v & 15]};
    }

    Initiator& ini_;
    const TargetInfo& target_;
    std::span<const IoRequest> reqs_;
    bool write_;
    std::vector<std::vector<std::uint8_t>> bufs_;
    std::unordered_map<std::uint32_t, InFlight> inflight_;
    std::vector<std::vector<std::uint8_t>> frames_;
    std::vector<std::span<const std::uint8_t>> spans_;
    std::size_t next_ = 0;
    std::size_t done_ = 0;
};

Result<void> Initiator::io(const TargetInfo& target, std::span<const IoRequest> requests,
                           bool write) {
    const unsigned spf = frame_sectors(target);
    for (const auto& r : requests)
        if (r.count == 0 || r.count > spf)
            return make_error(Errc::Usage, "a request of " + std::to_string(r.count) +
                                               " sectors does not fit one frame (at most " +
                                               std::to_string(spf) + ")");
        else if (options_.lba28 && r.lba + r.count > kMaxLba28)
            return make_error(Errc::Usage,
                              "--lba28: sectors " + std::to_string(r.lba) + "-" +
                                  std::to_string(r.lba + r.count - 1) +
                                  " are past what 28-bit commands reach (LBA " +
                                  std::to_string(kMaxLba28 - 1) +
                                  " is the last); leave out --lba28 for the 48-bit commands");
    unsigned window = options_.window ? options_.window : std::max<unsigned>(target.buffer_count, 1);
    return Window(*this, target, requests, write).run(window);
}

} // namespace xgw::aoe
