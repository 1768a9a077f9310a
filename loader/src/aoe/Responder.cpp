#include <xgw/aoe/Responder.h>

#include <algorithm>
#include <cstring>

namespace xgw::aoe {
namespace {

constexpr std::size_t kMaxMasks = XGW_AOE_MAX_MACS;
constexpr std::size_t kMaxReserve = 255;
constexpr std::uint8_t kMaskRead = 0, kMaskEdit = 1;
constexpr std::uint8_t kDirNop = 0, kDirAdd = 1, kDirDel = 2;
constexpr std::uint8_t kMaskErrBadDir = 2, kMaskErrFull = 3;

} // namespace

Responder::Responder(Address address, MacAddress own_mac, BlockStore& store,
                     std::uint16_t buffer_count, std::vector<MacAddress> masks, std::string serial)
    : address_(address), own_mac_(own_mac), store_(store), buffer_count_(buffer_count),
      masks_(std::move(masks)),
      identify_(build_identify({store.sectors(), true, "xgw AoE target", serial, "xgw1"})) {}

unsigned Responder::max_sectors(int mtu) {
    int n = (mtu - static_cast<int>(sizeof(xgw_aoe_hdr) + sizeof(xgw_aoe_ata))) / 512;
    return static_cast<unsigned>(std::clamp(n, 1, 255));
}

bool Responder::take_masks_changed() { return std::exchange(masks_changed_, false); }

bool Responder::allowed(const MacAddress& mac) const {
    return masks_.empty() || std::find(masks_.begin(), masks_.end(), mac) != masks_.end();
}

bool Responder::reserved_for(const MacAddress& mac) const {
    return reserve_.empty() || std::find(reserve_.begin(), reserve_.end(), mac) != reserve_.end();
}

std::size_t Responder::handle(std::span<std::uint8_t> frame, std::size_t len, int mtu) {
    Request r{frame, len, {}, {}};
    auto h = read_header(frame.first(len), &r.at);
    if (!h || h->is_response() || !address_.answers(h->address))
        return 0;
    r.header = *h;
    if (!allowed(h->src)) {
        counters_.ignored++;
        return 0;
    }
    counters_.requests++;
    std::size_t out = dispatch(r, mtu);
    if (out == 0) {
        counters_.ignored++;
        return 0;
    }
    make_response(frame, r.at, own_mac_, address_);
    counters_.responses++;
    if (frame[r.at.aoe_off] & XGW_AOE_FLAG_ERROR)
        counters_.errors++;
    if (staged_) {
        hold(frame.first(out), r.at.args_off);
        return 0;
    }
    return out;
}

std::size_t Responder::dispatch(Request& r, int mtu) {
    const std::size_t args = r.len - r.at.args_off;
    if (r.header.version != XGW_AOE_VERSION) {
        set_error(r.frame, r.at, AoeError::BadVersion);
        return r.len;
    }
    switch (r.header.command) {
    case XGW_AOE_CMD_ATA:
        return args < sizeof(xgw_aoe_ata) ? 0 : ata(r, mtu);
    case XGW_AOE_CMD_CONFIG:
        return args < sizeof(xgw_aoe_cfg) ? 0 : config(r, mtu);
    case XGW_AOE_CMD_MASK:
        return args < sizeof(xgw_aoe_mask) ? 0 : mask(r);
    case XGW_AOE_CMD_RESERVE:
        return args < sizeof(xgw_aoe_reserve) ? 0 : reserve(r);
    }
    set_error(r.frame, r.at, AoeError::BadCommand);
    return r.len;
}

std::size_t Responder::config(Request& r, int mtu) {
    std::uint8_t* p = r.frame.data() + r.at.args_off;
    const std::size_t payload = r.len - r.at.args_off - sizeof(xgw_aoe_cfg);
    const std::size_t len = static_cast<std::size_t>(p[6] << 8 | p[7]);
    const auto cmd = static_cast<ConfigCmd>(p[5] & 0x0f);
    const char* given = reinterpret_cast<const char*>(p + sizeof(xgw_aoe_cfg));
    if (cmd != ConfigCmd::Read && (len > kMaxConfigLen || len > payload))
        return 0;
    switch (cmd) {
    case ConfigCmd::Test:
        if (len != config_.size())
            return 0;
        [[fallthrough]];
    case ConfigCmd::TestPrefix:
        if (len > config_.size() || config_.compare(0, len, given, len) != 0)
            return 0;
        break;
    case ConfigCmd::Read:
        break;
    case ConfigCmd::Set:
        if (!config_.empty() && config_ != std::string_view(given, len)) {
            set_error(r.frame, r.at, AoeError::ConfigSet);
            break;
        }
        [[fallthrough]];
    case ConfigCmd::ForceSet:
        config_.assign(given, len);
        break;
    default:
        set_error(r.frame, r.at, AoeError::BadArgument);
    }
    ConfigArgs c{buffer_count_, kFirmware, static_cast<std::uint8_t>(max_sectors(mtu)),
                 XGW_AOE_VERSION, cmd, config_};
    return r.at.args_off + write_config(p, c);
}

std::size_t Responder::mask(Request& r) {
    std::uint8_t* p = r.frame.data() + r.at.args_off;
    std::uint8_t* dirs = p + sizeof(xgw_aoe_mask);
    const std::size_t room = r.len - r.at.args_off - sizeof(xgw_aoe_mask);
    if (p[1] == kMaskEdit) {
        if (p[3] * sizeof(xgw_aoe_mask_dir) > room) {
            set_error(r.frame, r.at, AoeError::BadArgument);
            return r.len;
        }
        for (unsigned i = 0; i < p[3]; i++) {
            const std::uint8_t* d = dirs + i * sizeof(xgw_aoe_mask_dir);
            MacAddress mac;
            std::memcpy(mac.bytes.data(), d + 2, 6);
            auto it = std::find(masks_.begin(), masks_.end(), mac);
            if (d[1] == kDirDel && it != masks_.end()) {
                masks_.erase(it);
                masks_changed_ = true;
            } else if (d[1] == kDirAdd && it == masks_.end()) {
                if (masks_.size() >= kMaxMasks) {
                    p[2] = kMaskErrFull;
                    p[3] = static_cast<std::uint8_t>(i);
                    return r.at.args_off + sizeof(xgw_aoe_mask);
                }
                masks_.push_back(mac);
                masks_changed_ = true;
            } else if (d[1] != kDirNop && d[1] != kDirAdd && d[1] != kDirDel) {
                p[2] = kMaskErrBadDir;
                p[3] = static_cast<std::uint8_t>(i);
                return r.at.args_off + sizeof(xgw_aoe_mask);
            }
        }
    } else if (p[1] != kMaskRead) {
        set_error(r.frame, r.at, AoeError::BadArgument);
        return r.at.args_off + sizeof(xgw_aoe_mask);
    }
    p[2] = 0;
    p[3] = static_cast<std::uint8_t>(masks_.size());
    for (std::size_t i = 0; i < masks_.size(); i++) {
        std::uint8_t* d = dirs + i * sizeof(xgw_aoe_mask_dir);
        d[0] = d[1] = 0;
        std::memcpy(d + 2, masks_[i].bytes.data(), 6);
    }
    return r.at.args_off + sizeof(xgw_aoe_mask) + masks_.size() * sizeof(xgw_aoe_mask_dir);
}

std::size_t Responder::reserve(Request& r) {
    std::uint8_t* p = r.frame.data() + r.at.args_off;
    std::uint8_t* macs = p + sizeof(xgw_aoe_reserve);
    const std::size_t room = r.len - r.at.args_off - sizeof(xgw_aoe_reserve);
    const std::uint8_t cmd = p[0];
    if (cmd == 1 && !reserved_for(r.header.src)) {
        set_error(r.frame, r.at, AoeError::Reserved);
    } else if (cmd == 1 || cmd == 2) {
        if (p[1] * 6u > room) {
            set_error(r.frame, r.at, AoeError::BadArgument);
        } else {
            reserve_.resize(std::min<std::size_t>(p[1], kMaxReserve));
            for (std::size_t i = 0; i < reserve_.size(); i++)
                std::memcpy(reserve_[i].bytes.data(), macs + i * 6, 6);
        }
    } else if (cmd != 0) {
        set_error(r.frame, r.at, AoeError::BadArgument);
    }
    p[1] = static_cast<std::uint8_t>(reserve_.size());
    for (std::size_t i = 0; i < reserve_.size(); i++)
        std::memcpy(macs + i * 6, reserve_[i].bytes.data(), 6);
    return r.at.args_off + sizeof(xgw_aoe_reserve) + reserve_.size() * 6;
}

} // namespace xgw::aoe
