#include <xgw/aoe/Wire.h>

#include <cstring>
#include <string_view>

namespace xgw::aoe {
namespace {

constexpr std::uint16_t kVlanTpids[] = {0x8100, 0x88a8};

std::uint16_t be16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }
void put_be16(std::uint8_t* p, std::uint16_t v) {
    p[0] = static_cast<std::uint8_t>(v >> 8);
    p[1] = static_cast<std::uint8_t>(v);
}

bool is_vlan(std::uint16_t type) {
    return type == kVlanTpids[0] || type == kVlanTpids[1];
}

Result<unsigned long> parse_number(std::string_view text, unsigned long max, const std::string& what) {
    if (text.empty() || text.size() > 6)
        return make_error(Errc::Usage, "invalid " + what + " '" + std::string(text) + "'");
    unsigned long v = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return make_error(Errc::Usage, "invalid " + what + " '" + std::string(text) + "'");
        v = v * 10 + static_cast<unsigned long>(c - '0');
    }
    if (v > max)
        return make_error(Errc::Usage, what + " " + std::string(text) + " is above " + std::to_string(max));
    return v;
}

} // namespace

Result<Address> Address::parse(const std::string& text) {
    auto dot = text.find('.');
    if (dot == std::string::npos)
        return make_error(Errc::Usage, "invalid AoE address '" + text + "' (expected SHELF.SLOT)");
    auto shelf = parse_number(std::string_view(text).substr(0, dot), 0xffff, "shelf");
    if (!shelf)
        return shelf.error();
    auto slot = parse_number(std::string_view(text).substr(dot + 1), 0xff, "slot");
    if (!slot)
        return slot.error();
    return Address{static_cast<std::uint16_t>(*shelf), static_cast<std::uint8_t>(*slot)};
}

std::string Address::str() const { return std::to_string(shelf) + "." + std::to_string(slot); }

bool Address::answers(Address requested) const {
    return (requested.shelf == shelf || requested.shelf == XGW_AOE_SHELF_ANY) &&
           (requested.slot == slot || requested.slot == XGW_AOE_SLOT_ANY);
}

std::optional<Header> read_header(std::span<const std::uint8_t> frame, FrameLayout* layout) {
    if (frame.size() < kEthLen)
        return std::nullopt;
    std::size_t off = 12;
    std::uint16_t type = be16(&frame[off]);
    for (int i = 0; i < 2 && is_vlan(type) && off + kVlanLen + 2 <= frame.size(); i++) {
        off += kVlanLen;
        type = be16(&frame[off]);
    }
    off += 2;
    if (type != XGW_ETH_P_AOE || off + sizeof(xgw_aoe_hdr) > frame.size())
        return std::nullopt;
    Header h;
    std::memcpy(h.dst.bytes.data(), &frame[0], 6);
    std::memcpy(h.src.bytes.data(), &frame[6], 6);
    const std::uint8_t* a = &frame[off];
    h.version = a[0] >> 4;
    h.flags = a[0] & 0x0f;
    h.error = a[1];
    h.address = {be16(a + 2), a[4]};
    h.command = a[5];
    h.tag = static_cast<std::uint32_t>(a[6]) << 24 | a[7] << 16 | a[8] << 8 | a[9];
    if (layout)
        *layout = {off, off + sizeof(xgw_aoe_hdr)};
    return h;
}

void write_header(std::span<std::uint8_t> frame, const Header& h) {
    std::uint8_t* p = frame.data();
    std::memcpy(p, h.dst.bytes.data(), 6);
    std::memcpy(p + 6, h.src.bytes.data(), 6);
    put_be16(p + 12, XGW_ETH_P_AOE);
    std::uint8_t* a = p + kEthLen;
    a[0] = static_cast<std::uint8_t>(h.version << 4 | (h.flags & 0x0f));
    a[1] = h.error;
    put_be16(a + 2, h.address.shelf);
    a[4] = h.address.slot;
    a[5] = h.command;
    a[6] = static_cast<std::uint8_t>(h.tag >> 24);
    a[7] = static_cast<std::uint8_t>(h.tag >> 16);
    a[8] = static_cast<std::uint8_t>(h.tag >> 8);
    a[9] = static_cast<std::uint8_t>(h.tag);
}

void make_response(std::span<std::uint8_t> frame, const FrameLayout& layout,
                   const MacAddress& own_mac, Address own_address) {
    std::uint8_t* p = frame.data();
    std::memcpy(p, p + 6, 6);
    std::memcpy(p + 6, own_mac.bytes.data(), 6);
    std::uint8_t* a = p + layout.aoe_off;
    a[0] = static_cast<std::uint8_t>(XGW_AOE_VERSION << 4 | (a[0] & 0x0f) | XGW_AOE_FLAG_RESPONSE);
    put_be16(a + 2, own_address.shelf);
    a[4] = own_address.slot;
}

void set_error(std::span<std::uint8_t> frame, const FrameLayout& layout, AoeError error) {
    std::uint8_t* a = frame.data() + layout.aoe_off;
    a[0] |= XGW_AOE_FLAG_ERROR;
    a[1] = static_cast<std::uint8_t>(error);
}

AtaArgs read_ata(const std::uint8_t* p) {
    AtaArgs a{p[0], p[1], p[2], p[3], 0};
    for (int i = 5; i >= 0; i--)
        a.lba = a.lba << 8 | p[4 + i];
    return a;
}

void write_ata(std::uint8_t* p, const AtaArgs& a) {
    p[0] = a.aflags;
    p[1] = a.err_feature;
    p[2] = a.sector_count;
    p[3] = a.cmd_status;
    for (int i = 0; i < 6; i++)
        p[4 + i] = static_cast<std::uint8_t>(a.lba >> (8 * i));
    p[10] = p[11] = 0;
}

std::optional<ConfigArgs> read_config(const std::uint8_t* p, std::size_t len) {
    if (len < sizeof(xgw_aoe_cfg))
        return std::nullopt;
    ConfigArgs c;
    c.buffer_count = be16(p);
    c.firmware = be16(p + 2);
    c.sector_count = p[4];
    c.version = p[5] >> 4;
    c.command = static_cast<ConfigCmd>(p[5] & 0x0f);
    std::size_t n = be16(p + 6);
    if (n > len - sizeof(xgw_aoe_cfg))
        return std::nullopt;
    c.config.assign(reinterpret_cast<const char*>(p + sizeof(xgw_aoe_cfg)), n);
    return c;
}

std::size_t write_config(std::uint8_t* p, const ConfigArgs& c) {
    put_be16(p, c.buffer_count);
    put_be16(p + 2, c.firmware);
    p[4] = c.sector_count;
    p[5] = static_cast<std::uint8_t>(c.version << 4 | (static_cast<std::uint8_t>(c.command) & 0x0f));
    put_be16(p + 6, static_cast<std::uint16_t>(c.config.size()));
    std::memcpy(p + sizeof(xgw_aoe_cfg), c.config.data(), c.config.size());
    return sizeof(xgw_aoe_cfg) + c.config.size();
}

} // namespace xgw::aoe
