#include <xgw/aoe/Identify.h>
#include <xgw/aoe/Wire.h>

#include <algorithm>

namespace xgw::aoe {
namespace {

void put_word(std::array<std::uint8_t, 512>& d, int word, std::uint16_t v) {
    d[word * 2] = static_cast<std::uint8_t>(v);
    d[word * 2 + 1] = static_cast<std::uint8_t>(v >> 8);
}

std::uint16_t word(std::span<const std::uint8_t, 512> d, int w) {
    return static_cast<std::uint16_t>(d[w * 2] | d[w * 2 + 1] << 8);
}

// ATA strings put the first character of each pair in the word's high byte, space-padded.
void put_string(std::array<std::uint8_t, 512>& d, int word, int chars, const std::string& s) {
    for (int i = 0; i < chars; i++) {
        char c = i < static_cast<int>(s.size()) ? s[i] : ' ';
        d[word * 2 + (i ^ 1)] = static_cast<std::uint8_t>(c);
    }
}

std::string get_string(std::span<const std::uint8_t, 512> d, int word, int chars) {
    std::string s;
    for (int i = 0; i < chars; i++)
        s.push_back(static_cast<char>(d[word * 2 + (i ^ 1)]));
    s.erase(std::find_if(s.rbegin(), s.rend(), [](char c) { return c != ' ' && c != 0; }).base(),
            s.end());
    return s;
}

} // namespace

std::array<std::uint8_t, 512> build_identify(const Identity& id) {
    std::array<std::uint8_t, 512> d{};
    put_word(d, 47, 0x8000);
    put_word(d, 49, 0x0200); // LBA supported
    put_word(d, 50, 0x4000);
    put_word(d, 83, 0x5400); // LBA48 and FLUSH CACHE EXT supported
    put_word(d, 84, 0x4000);
    put_word(d, 86, 0x1400); // LBA48 enabled
    put_word(d, 87, 0x4000);
    put_word(d, 93, 0x400b);
    put_string(d, 10, 20, id.serial);
    put_string(d, 23, 8, id.firmware);
    put_string(d, 27, 40, id.model);
    std::uint64_t lba28 = std::min(id.sectors, kMaxLba28);
    put_word(d, 60, static_cast<std::uint16_t>(lba28));
    put_word(d, 61, static_cast<std::uint16_t>(lba28 >> 16));
    for (int i = 0; i < 4; i++)
        put_word(d, 100 + i, static_cast<std::uint16_t>(id.sectors >> (16 * i)));
    return d;
}

Identity parse_identify(std::span<const std::uint8_t, 512> d) {
    Identity id;
    id.lba48 = word(d, 83) & (1 << 10);
    if (id.lba48)
        for (int i = 3; i >= 0; i--)
            id.sectors = id.sectors << 16 | word(d, 100 + i);
    else
        id.sectors = static_cast<std::uint64_t>(word(d, 61)) << 16 | word(d, 60);
    id.serial = get_string(d, 10, 20);
    id.firmware = get_string(d, 23, 8);
    id.model = get_string(d, 27, 40);
    return id;
}

} // namespace xgw::aoe
