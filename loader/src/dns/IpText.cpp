#include <xgw/dns/IpText.h>

#include <arpa/inet.h>
#include <string>

namespace xgw::dns {

std::optional<int> ip_family_of(std::string_view text) {
    unsigned char buf[16];
    std::string s(text);
    if (::inet_pton(AF_INET, s.c_str(), buf) == 1)
        return AF_INET;
    auto scope = s.find('%');
    if (scope != std::string::npos) {
        if (scope + 1 == s.size())
            return std::nullopt;
        s.resize(scope);
    }
    if (::inet_pton(AF_INET6, s.c_str(), buf) == 1)
        return AF_INET6;
    return std::nullopt;
}

} // namespace xgw::dns
