#include <xgw/ppp/Fcs.h>

#include <array>

namespace xgw::ppp {
namespace {

// Both FCSs are reflected CRCs (bits sent least significant first): one table each, built once.
template <class T, T Poly> constexpr std::array<T, 256> make_table() {
    std::array<T, 256> table{};
    for (unsigned b = 0; b < 256; ++b) {
        T v = static_cast<T>(b);
        for (int i = 0; i < 8; ++i)
            v = (v & 1) ? static_cast<T>((v >> 1) ^ Poly) : static_cast<T>(v >> 1);
        table[b] = v;
    }
    return table;
}

constexpr auto kTable16 = make_table<std::uint16_t, 0x8408>();
constexpr auto kTable32 = make_table<std::uint32_t, 0xedb88320>();

} // namespace

std::uint16_t fcs16(std::uint16_t fcs, std::span<const std::uint8_t> data) {
    for (std::uint8_t b : data)
        fcs = static_cast<std::uint16_t>((fcs >> 8) ^ kTable16[(fcs ^ b) & 0xff]);
    return fcs;
}

std::uint32_t fcs32(std::uint32_t fcs, std::span<const std::uint8_t> data) {
    for (std::uint8_t b : data)
        fcs = (fcs >> 8) ^ kTable32[(fcs ^ b) & 0xff];
    return fcs;
}

} // namespace xgw::ppp
