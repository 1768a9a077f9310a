#include <xgw/ppp/Fcs.h>
#include <xgw/ppp/Hdlc.h>

#include <algorithm>

namespace xgw::ppp {
namespace {

constexpr std::uint8_t kAddress = 0xff;
constexpr std::uint8_t kControl = 0x03;

bool must_escape(std::uint8_t b, std::uint32_t accm) {
    return b == kFlag || b == kEscape || (b < 0x20 && (accm >> b) & 1);
}

void put(std::uint8_t b, std::uint32_t accm, std::vector<std::uint8_t>& out) {
    if (must_escape(b, accm)) {
        out.push_back(kEscape);
        out.push_back(b ^ 0x20);
    } else {
        out.push_back(b);
    }
}

std::size_t fcs_size(FcsKind kind) { return kind == FcsKind::Fcs16 ? 2 : 4; }

} // namespace

void HdlcEncoder::encode(std::uint16_t protocol, std::span<const std::uint8_t> info,
                         std::vector<std::uint8_t>& out) const {
    const Framing f = protocol == kProtoLcp ? Framing{.fcs = framing_.fcs} : framing_;
    std::uint8_t head[4];
    std::size_t n = 0;
    if (!f.acfc) {
        head[n++] = kAddress;
        head[n++] = kControl;
    }
    if (!f.pfc || protocol > 0xff)
        head[n++] = static_cast<std::uint8_t>(protocol >> 8);
    head[n++] = static_cast<std::uint8_t>(protocol);
    std::span<const std::uint8_t> header(head, n);

    out.push_back(kFlag);
    for (std::uint8_t b : header)
        put(b, f.accm, out);
    for (std::uint8_t b : info)
        put(b, f.accm, out);
    // The FCS goes out least significant byte first, complemented.
    if (f.fcs == FcsKind::Fcs16) {
        std::uint16_t fcs = ~fcs16(fcs16(kFcs16Init, header), info);
        put(fcs & 0xff, f.accm, out);
        put(fcs >> 8, f.accm, out);
    } else {
        std::uint32_t fcs = ~fcs32(fcs32(kFcs32Init, header), info);
        for (int i = 0; i < 4; ++i)
            put((fcs >> (8 * i)) & 0xff, f.accm, out);
    }
    out.push_back(kFlag);
}

void HdlcDecoder::set_max_info(std::size_t max_info) {
    // Address, control, two protocol bytes, the information, the longest FCS.
    max_info_ = std::max(max_info, kDefaultMru);
    max_frame_ = 4 + max_info_ + 4;
    buf_.reserve(max_frame_);
}

void HdlcDecoder::feed(std::span<const std::uint8_t> bytes, const FrameSink& sink) {
    for (std::uint8_t b : bytes) {
        if (b == kFlag) {
            if (escaped_) {
                if (!buf_.empty() || overflow_)
                    ++counters_.aborted;
                buf_.clear();
                overflow_ = false;
                escaped_ = false;
                continue;
            }
            end_frame(sink);
            continue;
        }
        // Control characters the peer promised to escape were added by the line: drop them.
        if (b < 0x20 && (framing_.accm >> b) & 1)
            continue;
        if (b == kEscape) {
            escaped_ = true;
            continue;
        }
        if (escaped_) {
            b ^= 0x20;
            escaped_ = false;
        }
        if (buf_.size() >= max_frame_)
            overflow_ = true;
        else
            buf_.push_back(b);
    }
}

bool HdlcDecoder::fcs_good() const {
    if (framing_.fcs == FcsKind::Fcs16)
        return fcs16(kFcs16Init, buf_) == kFcs16Good;
    return fcs32(kFcs32Init, buf_) == kFcs32Good;
}

void HdlcDecoder::end_frame(const FrameSink& sink) {
    if (buf_.empty() && !overflow_)
        return; // back-to-back or idle flags
    struct Clear {
        HdlcDecoder& d;
        ~Clear() {
            d.buf_.clear();
            d.overflow_ = false;
        }
    } clear{*this};
    if (overflow_) {
        ++counters_.too_long;
        return;
    }
    const std::size_t fcs_len = fcs_size(framing_.fcs);
    if (buf_.size() < fcs_len + 1) {
        ++counters_.too_short;
        return;
    }
    if (!fcs_good()) {
        ++counters_.bad_fcs;
        return;
    }
    std::span<const std::uint8_t> frame(buf_.data(), buf_.size() - fcs_len);
    // Address and control may be left out whatever was negotiated (RFC 1661 section 6.6 asks
    // the receiver to cope); 0xff never starts a protocol field, so the two cannot be confused.
    if (frame[0] == kAddress) {
        if (frame.size() < 2 || frame[1] != kControl) {
            ++counters_.bad_header;
            return;
        }
        frame = frame.subspan(2);
    }
    if (frame.empty()) {
        ++counters_.too_short;
        return;
    }
    // A protocol field's first byte is even and its last odd (RFC 1661 section 2); an odd
    // first byte is a compressed one-byte field.
    std::uint16_t protocol = frame[0];
    std::size_t proto_len = 1;
    if (!(frame[0] & 1)) {
        if (frame.size() < 2 || !(frame[1] & 1)) {
            ++counters_.bad_header;
            return;
        }
        protocol = static_cast<std::uint16_t>(frame[0] << 8 | frame[1]);
        proto_len = 2;
    }
    auto info = frame.subspan(proto_len);
    if (info.size() > max_info_) {
        ++counters_.too_long;
        return;
    }
    ++counters_.frames;
    counters_.bytes += info.size();
    sink(protocol, info);
}

} // namespace xgw::ppp
