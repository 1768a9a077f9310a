#include <xgw/aoe/MacAddress.h>

#include <cstdio>

namespace xgw::aoe {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

Result<MacAddress> MacAddress::parse(std::string_view text) {
    MacAddress mac;
    std::size_t pos = 0;
    for (std::size_t i = 0; i < mac.bytes.size(); i++) {
        if (i > 0 && pos < text.size() && (text[pos] == ':' || text[pos] == '-'))
            pos++;
        int hi = pos < text.size() ? hex_value(text[pos]) : -1;
        int lo = pos + 1 < text.size() ? hex_value(text[pos + 1]) : -1;
        if (hi < 0 || lo < 0)
            return make_error(Errc::Usage, "invalid MAC address '" + std::string(text) + "'");
        mac.bytes[i] = static_cast<std::uint8_t>(hi << 4 | lo);
        pos += 2;
    }
    if (pos != text.size())
        return make_error(Errc::Usage, "invalid MAC address '" + std::string(text) + "'");
    return mac;
}

Result<std::vector<MacAddress>> MacAddress::parse_list(std::string_view text) {
    std::vector<MacAddress> out;
    while (!text.empty()) {
        auto comma = text.find(',');
        auto mac = parse(text.substr(0, comma));
        if (!mac)
            return mac.error();
        out.push_back(*mac);
        text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    }
    return out;
}

std::string MacAddress::str() const {
    char buf[18];
    std::snprintf(buf, sizeof(buf), "%02x:%02x:%02x:%02x:%02x:%02x", bytes[0], bytes[1], bytes[2],
                  bytes[3], bytes[4], bytes[5]);
    return buf;
}

} // namespace xgw::aoe
