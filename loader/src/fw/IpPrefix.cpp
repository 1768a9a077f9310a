#include <xgw/fw/IpPrefix.h>

#include <arpa/inet.h>
#include <charconv>

namespace xgw::fw {
namespace {

void clearHostBits(IpPrefix& prefix) {
    for (int bit = prefix.length; bit < prefix.maxLength(); ++bit)
        prefix.addr[bit / 8] &= static_cast<uint8_t>(~(0x80u >> (bit % 8)));
}

Result<uint8_t> parseLength(std::string_view text, int max) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size())
        return make_error(Errc::Usage, "'" + std::string(text) + "' is not a prefix length");
    if (value > static_cast<unsigned>(max))
        return make_error(Errc::Usage, "prefix length " + std::string(text) +
                                           " is out of range (0-" + std::to_string(max) + ")");
    return static_cast<uint8_t>(value);
}

} // namespace

Result<IpPrefix> IpPrefix::parse(std::string_view text) {
    auto slash = text.find('/');
    std::string address(text.substr(0, slash));
    IpPrefix prefix;
    if (inet_pton(AF_INET, address.c_str(), prefix.addr.data()) == 1) {
        prefix.family = IpFamily::V4;
    } else if (inet_pton(AF_INET6, address.c_str(), prefix.addr.data()) == 1) {
        prefix.family = IpFamily::V6;
    } else {
        return make_error(Errc::Usage, "'" + address + "' is not an IPv4 or IPv6 address");
    }
    prefix.length = prefix.maxLength();
    if (slash != std::string_view::npos) {
        auto length = parseLength(text.substr(slash + 1), prefix.maxLength());
        if (!length)
            return length.error();
        prefix.length = *length;
    }
    clearHostBits(prefix);
    return prefix;
}

std::string IpPrefix::str() const {
    char buf[INET6_ADDRSTRLEN];
    inet_ntop(family == IpFamily::V4 ? AF_INET : AF_INET6, addr.data(), buf, sizeof buf);
    std::string out = buf;
    if (length != maxLength())
        out += "/" + std::to_string(length);
    return out;
}

} // namespace xgw::fw
