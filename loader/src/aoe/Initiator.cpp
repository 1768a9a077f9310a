#include <xgw/aoe/Initiator.h>
#include <xgw/aoe/SocketFilter.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <map>
#include <random>

namespace xgw::aoe {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kAtaOff = kEthLen + sizeof(xgw_aoe_hdr);
constexpr std::size_t kDataOff = kAtaOff + sizeof(xgw_aoe_ata);
constexpr std::size_t kMaxFrame = 1 << 16;
constexpr std::uint8_t kAtaStatusErr = 0x01;

Header request_header(const PacketSocket& s, const TargetInfo& t, std::uint8_t command,
                      std::uint32_t tag) {
    Header h;
    h.dst = t.mac;
    h.src = s.mac();
    h.address = t.address;
    h.command = command;
    h.tag = tag;
    return h;
}

int remaining_ms(Clock::time_point deadline) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return static_cast<int>(std::max<long long>(ms, 0));
}

} // namespace

std::string describe_aoe_error(std::uint8_t error) {
    switch (static_cast<AoeError>(error)) {
    case AoeError::BadCommand:
        return "unrecognized command";
    case AoeError::BadArgument:
        return "bad argument";
    case AoeError::DeviceUnavailable:
        return "device unavailable";
    case AoeError::ConfigSet:
        return "config string present";
    case AoeError::BadVersion:
        return "unsupported version";
    case AoeError::Reserved:
        return "target reserved by another initiator";
    case AoeError::None:
        break;
    }
    return "error " + std::to_string(error);
}

Initiator::Initiator(PacketSocket socket, InitiatorOptions options, int mtu)
    : socket_(std::move(socket)), options_(options), mtu_(mtu),
      next_tag_(std::random_device{}() & 0x7fffffff) {}

Result<Initiator> Initiator::open(const std::string& ifname, InitiatorOptions options) {
    auto s = PacketSocket::open(ifname);
    if (!s)
        return s.error();
    if (auto ok = s->attach_filter(response_filter()); !ok)
        return ok.error();
    auto mtu = s->mtu();
    if (!mtu)
        return mtu.error();
    return Initiator(std::move(*s), options, *mtu);
}

Result<std::vector<TargetInfo>> Initiator::discover(Address address, int wait_ms) {
    std::vector<std::uint8_t> frame(kEthLen + sizeof(xgw_aoe_hdr) + sizeof(xgw_aoe_cfg));
    std::uint32_t tag = next_tag_++;
    TargetInfo bcast{address, MacAddress::broadcast(), 0, 0, 0, {}};
    write_header(frame, request_header(socket_, bcast, XGW_AOE_CMD_CONFIG, tag));
    write_config(frame.data() + kAtaOff, ConfigArgs{});
    if (auto ok = socket_.send(frame); !ok)
        return ok.error();

    std::vector<TargetInfo> found;
    std::vector<std::uint8_t> buf(kMaxFrame);
    auto deadline = Clock::now() + std::chrono::milliseconds(wait_ms);
    while (Clock::now() < deadline) {
        auto n = socket_.receive(buf, remaining_ms(deadline));
        if (!n)
            return n.error();
        FrameLayout at;
        auto h = read_header(std::span(buf.data(), *n), &at);
        if (!h || !h->is_response() || h->command != XGW_AOE_CMD_CONFIG || h->tag != tag ||
            (h->flags & XGW_AOE_FLAG_ERROR))
            continue;
        auto cfg = read_config(buf.data() + at.args_off, *n - at.args_off);
        if (!cfg)
            continue;
        TargetInfo t{h->address, h->src, cfg->buffer_count, cfg->firmware, cfg->sector_count,
                     cfg->config};
        bool seen = std::any_of(found.begin(), found.end(), [&](const TargetInfo& f) {
            return f.address == t.address && f.mac == t.mac;
        });
        if (!seen)
            found.push_back(std::move(t));
    }
    std::sort(found.begin(), found.end(), [](auto& a, auto& b) {
        return std::tie(a.address, a.mac) < std::tie(b.address, b.mac);
    });
    return found;
}

Result<TargetInfo> Initiator::find(Address address) {
    for (int attempt = 0; attempt <= options_.retries; attempt++) {
        auto found = discover(address, options_.timeout_ms);
        if (!found)
            return found.error();
        if (!found->empty())
            return found->front();
    }
    return make_error(Errc::NotFound, "no AoE target " + address.str() + " answers on " +
                                          socket_.ifname());
}

Result<std::vector<std::uint8_t>> Initiator::exchange(const TargetInfo& target, std::uint8_t command,
                                                      std::span<const std::uint8_t> args) {
    std::vector<std::uint8_t> req(kAtaOff + args.size()), buf(kMaxFrame);
    std::memcpy(req.data() + kAtaOff, args.data(), args.size());
    for (int attempt = 0; attempt <= options_.retries; attempt++) {
        std::uint32_t tag = next_tag_++;
        write_header(req, request_header(socket_, target, command, tag));
        if (auto ok = socket_.send(req); !ok)
            return ok.error();
        auto deadline = Clock::now() + std::chrono::milliseconds(options_.timeout_ms);
        while (Clock::now() < deadline) {
            auto n = socket_.receive(buf, remaining_ms(deadline));
            if (!n)
                return n.error();
            auto h = read_header(std::span(buf.data(), *n), nullptr);
            if (h && h->is_response() && h->tag == tag && h->address == target.address) {
                if (h->flags & XGW_AOE_FLAG_ERROR)
                    return make_error(Errc::Failed, "target " + target.address.str() + ": " +
                                                        describe_aoe_error(h->error));
                return std::vector<std::uint8_t>(buf.begin(), buf.begin() + *n);
            }
        }
    }
    return make_error(Errc::Failed, "no answer from AoE target " + target.address.str() + " after " +
                                        std::to_string(options_.retries + 1) + " tries");
}

Result<Identity> Initiator::identify(const TargetInfo& target) {
    std::uint8_t args[sizeof(xgw_aoe_ata)];
    write_ata(args, AtaArgs{0, 0, 1, static_cast<std::uint8_t>(AtaCmd::Identify), 0});
    auto resp = exchange(target, XGW_AOE_CMD_ATA, args);
    if (!resp)
        return resp.error();
    if (resp->size() < kDataOff + 512)
        return make_error(Errc::Failed, "short IDENTIFY answer from " + target.address.str());
    AtaArgs a = read_ata(resp->data() + kAtaOff);
    if (a.cmd_status & kAtaStatusErr)
        return make_error(Errc::Failed, "IDENTIFY failed on " + target.address.str());
    return parse_identify(std::span<const std::uint8_t, 512>(resp->data() + kDataOff, 512));
}

Result<void> Initiator::flush(const TargetInfo& target) {
    std::uint8_t args[sizeof(xgw_aoe_ata)];
    write_ata(args, AtaArgs{0, 0, 0, static_cast<std::uint8_t>(AtaCmd::FlushCache), 0});
    auto resp = exchange(target, XGW_AOE_CMD_ATA, args);
    if (!resp)
        return resp.error();
    if (read_ata(resp->data() + kAtaOff).cmd_status & kAtaStatusErr)
        return make_error(Errc::Failed, "FLUSH CACHE failed on " + target.address.str());
    return {};
}

unsigned Initiator::frame_sectors(const TargetInfo& target) const {
    unsigned by_mtu = static_cast<unsigned>(mtu_ - sizeof(xgw_aoe_hdr) - sizeof(xgw_aoe_ata)) / 512;
    unsigned n = std::min<unsigned>(by_mtu, target.sectors_per_frame ? target.sectors_per_frame : 1);
    if (options_.sectors_per_frame)
        n = std::min(n, options_.sectors_per_frame);
    return std::max(n, 1u);
}

Result<void> Initiator::read(const TargetInfo& target, std::uint64_t lba,
                             std::span<std::uint8_t> out) {
    if (out.size() % kSectorSize)
        return make_error(Errc::Usage, "read length is not a multiple of 512 bytes");
    return transfer(target, lba, out.data(), out.size() / kSectorSize, false);
}

Result<void> Initiator::write(const TargetInfo& target, std::uint64_t lba,
                              std::span<const std::uint8_t> data) {
    if (data.size() % kSectorSize)
        return make_error(Errc::Usage, "write length is not a multiple of 512 bytes");
    return transfer(target, lba, const_cast<std::uint8_t*>(data.data()), data.size() / kSectorSize,
                    true);
}

Result<void> Initiator::transfer(const TargetInfo& target, std::uint64_t lba, std::uint8_t* data,
                                 std::size_t sectors, bool write) {
    const unsigned spf = frame_sectors(target);
    std::vector<IoRequest> reqs;
    reqs.reserve(sectors / spf + 1);
    for (std::size_t done = 0; done < sectors; done += spf) {
        unsigned n = static_cast<unsigned>(std::min<std::size_t>(spf, sectors - done));
        reqs.push_back({lba + done, n, data + done * kSectorSize});
    }
    return io(target, reqs, write);
}

} // namespace xgw::aoe
