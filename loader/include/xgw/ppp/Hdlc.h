// RFC 1662 HDLC-like framing for asynchronous lines: flags, control escapes under an ACCM,
// address/control and protocol field compression, FCS-16 or FCS-32.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace xgw::ppp {

inline constexpr std::uint8_t kFlag = 0x7e;
inline constexpr std::uint8_t kEscape = 0x7d;
inline constexpr std::uint16_t kProtoLcp = 0xc021;
inline constexpr std::size_t kDefaultMru = 1500;

enum class FcsKind { Fcs16, Fcs32 };

// One direction's framing, as LCP negotiated it.
struct Framing {
    std::uint32_t accm = 0xffffffff; // control characters 0x00-0x1f escaped (tx) or ignored (rx)
    bool acfc = false;               // address and control fields left out
    bool pfc = false;                // one-byte protocol field where the protocol allows
    FcsKind fcs = FcsKind::Fcs16;
};

class HdlcEncoder {
  public:
    void set_framing(const Framing& framing) { framing_ = framing; }
    const Framing& framing() const { return framing_; }
    // Appends one whole frame, flags included. LCP goes out with the default framing
    // (RFC 1662 section 7.1, RFC 1661 sections 6.5-6.6), whatever was negotiated.
    void encode(std::uint16_t protocol, std::span<const std::uint8_t> info,
                std::vector<std::uint8_t>& out) const;

  private:
    Framing framing_;
};

// What the receiver threw away, by reason; good frames and their bytes (FCS excluded).
struct HdlcCounters {
    std::uint64_t frames = 0;
    std::uint64_t bytes = 0;
    std::uint64_t bad_fcs = 0;
    std::uint64_t too_long = 0;   // more than the MRU (or 1500) of information
    std::uint64_t too_short = 0;  // no room for a protocol field and an FCS
    std::uint64_t aborted = 0;    // escape then flag (RFC 1662 section 4.2)
    std::uint64_t bad_header = 0; // wrong address/control or an impossible protocol field
};

class HdlcDecoder {
  public:
    using FrameSink = std::function<void(std::uint16_t protocol, std::span<const std::uint8_t>)>;

    explicit HdlcDecoder(std::size_t max_info = kDefaultMru) { set_max_info(max_info); }
    void set_framing(const Framing& framing) { framing_ = framing; }
    // Never below 1500: RFC 1661 section 6.1 has every end accept full-length frames.
    void set_max_info(std::size_t max_info);
    // Takes bytes as the line delivers them; every whole, good frame goes to sink.
    void feed(std::span<const std::uint8_t> bytes, const FrameSink& sink);
    const HdlcCounters& counters() const { return counters_; }

  private:
    void end_frame(const FrameSink& sink);
    bool fcs_good() const;

    Framing framing_;
    std::size_t max_info_ = kDefaultMru;
    std::size_t max_frame_ = 0; // address, control, protocol, information and FCS
    std::vector<std::uint8_t> buf_;
    bool escaped_ = false;
    bool overflow_ = false;
    HdlcCounters counters_;
};

} // namespace xgw::ppp
