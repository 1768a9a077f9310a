// The ATA half of the responder: the commands vblade's ATA simulator knows.
#include <xgw/aoe/Responder.h>

#include <algorithm>
#include <cstring>
#include <utility>

namespace xgw::aoe {
namespace {

constexpr std::uint8_t kStatusDrdy = 0x40, kStatusErr = 0x01;
constexpr std::uint8_t kErrAbrt = 0x04, kErrIdnf = 0x10;
constexpr std::uint64_t kLba28Mask = 0x0fffffff;
constexpr std::uint64_t kLba48Mask = 0x0000ffffffffffffull;
// vblade answers every non-read ATA command with a minimum-size Ethernet frame.
constexpr std::size_t kMinFrame = 60;

std::size_t short_answer(std::span<std::uint8_t> frame, std::size_t data_off) {
    std::size_t n = std::max(kMinFrame, data_off);
    if (n > data_off)
        std::memset(frame.data() + data_off, 0, std::min(n, frame.size()) - data_off);
    return std::min(n, frame.size());
}

} // namespace

std::size_t Responder::ata(Request& r, int mtu) {
    std::uint8_t* p = r.frame.data() + r.at.args_off;
    std::uint8_t* data = p + sizeof(xgw_aoe_ata);
    const std::size_t data_off = r.at.args_off + sizeof(xgw_aoe_ata);
    AtaArgs a = read_ata(p);
    const auto cmd = static_cast<AtaCmd>(a.cmd_status);
    if (cmd != AtaCmd::WriteSectors && cmd != AtaCmd::WriteSectorsExt)
        commit_run(); // reads and flushes see every write answered before them
    if (cmd != AtaCmd::Identify && !reserved_for(r.header.src)) {
        set_error(r.frame, r.at, AoeError::Reserved);
        return short_answer(r.frame, data_off);
    }
    std::size_t out = data_off;
    switch (cmd) {
    case AtaCmd::FlushCache:
    case AtaCmd::FlushCacheExt:
        a.cmd_status = store_.flush() ? kStatusDrdy : kStatusDrdy | kStatusErr;
        a.err_feature = a.cmd_status & kStatusErr ? kErrAbrt : 0;
        break;
    case AtaCmd::Identify:
        if (a.sector_count != 1 || r.frame.size() < data_off + 512) {
            set_error(r.frame, r.at, AoeError::BadArgument);
            return short_answer(r.frame, data_off);
        }
        std::memcpy(data, identify_.data(), 512);
        a = {a.aflags, 0, 0, kStatusDrdy, a.lba};
        out += 512;
        break;
    case AtaCmd::CheckPower:
        a = {a.aflags, 0, 0xff, kStatusDrdy, a.lba}; // active or idle
        break;
    case AtaCmd::ReadSectors:
    case AtaCmd::ReadSectorsExt:
    case AtaCmd::WriteSectors:
    case AtaCmd::WriteSectorsExt:
        out = ata_rw(r, a, mtu, data);
        if (out == 0) {
            set_error(r.frame, r.at, AoeError::BadArgument);
            return short_answer(r.frame, data_off);
        }
        break;
    default:
        a.cmd_status = kStatusDrdy | kStatusErr;
        a.err_feature = kErrAbrt;
    }
    if (a.cmd_status & kStatusErr)
        counters_.errors++;
    write_ata(p, a);
    return out == data_off ? short_answer(r.frame, data_off) : out;
}

// Returns the response length, or 0 for a request vblade refuses with "bad argument".
std::size_t Responder::ata_rw(Request& r, AtaArgs& a, int mtu, std::uint8_t* data) {
    const auto cmd = static_cast<AtaCmd>(a.cmd_status);
    const bool write = cmd == AtaCmd::WriteSectors || cmd == AtaCmd::WriteSectorsExt;
    const bool ext = cmd == AtaCmd::ReadSectorsExt || cmd == AtaCmd::WriteSectorsExt;
    const std::size_t data_off = r.at.args_off + sizeof(xgw_aoe_ata);
    const std::uint64_t lba = a.lba & (ext ? kLba48Mask : kLba28Mask);
    const unsigned n = a.sector_count;
    if (n > max_sectors(mtu) || data_off + n * 512 > r.frame.size())
        return 0;
    if (write && r.len - data_off < n * 512)
        return 0;
    if (lba + n > store_.sectors()) {
        a = {a.aflags, kErrIdnf, a.sector_count, kStatusDrdy | kStatusErr, lba};
        return data_off;
    }
    if (write && !store_.readonly()) {
        if (!store_.continues_run(lba, n))
            commit_run();
        store_.stage(lba, n, data);
        staged_ = a;
        a = {a.aflags, 0, 0, kStatusDrdy, a.lba + n};
        return data_off;
    }
    auto ok = write ? Result<void>(make_error(Errc::Permission, "read-only")) : store_.read(lba, n, data);
    if (!ok) {
        a = {a.aflags, kErrAbrt, a.sector_count, kStatusDrdy | kStatusErr, a.lba};
        return data_off;
    }
    counters_.sectors_read += n;
    a = {a.aflags, 0, 0, kStatusDrdy, a.lba + n};
    return data_off + n * 512;
}

void Responder::hold(std::span<const std::uint8_t> answer, std::size_t ata_off) {
    Held h{{}, answer.size(), ata_off, *std::exchange(staged_, std::nullopt)};
    std::memcpy(h.answer.data(), answer.data(), answer.size()); // a short answer: 60 bytes
    held_.push_back(h);
    run_held_++;
}

void Responder::commit_run() {
    auto ok = store_.commit();
    for (std::size_t i = held_.size() - run_held_; i < held_.size(); i++) {
        Held& h = held_[i];
        if (ok) {
            counters_.sectors_written += h.request.sector_count;
            continue;
        }
        counters_.errors++;
        const AtaArgs& q = h.request;
        write_ata(h.answer.data() + h.ata_off,
                  {q.aflags, kErrAbrt, q.sector_count, kStatusDrdy | kStatusErr, q.lba});
    }
    run_held_ = 0;
}

void Responder::settle(const std::function<void(std::span<const std::uint8_t>)>& send) {
    commit_run();
    for (const Held& h : held_)
        send({h.answer.data(), h.len});
    held_.clear();
}

} // namespace xgw::aoe
