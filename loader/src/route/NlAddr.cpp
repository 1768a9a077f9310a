#include "NlAddr.h"

#include <algorithm>
#include <cstring>

namespace xgw::route {

NlAddr to_nl_addr(const fw::IpPrefix& p) {
    NlAddr a(nl_addr_build(af(p.family), p.addr.data(), p.family == fw::IpFamily::V4 ? 4 : 16));
    if (a)
        nl_addr_set_prefixlen(a.get(), p.length);
    return a;
}

fw::IpPrefix from_nl_addr(const nl_addr* a, fw::IpFamily family) {
    fw::IpPrefix p{family, {}, 0};
    if (a) {
        std::memcpy(p.addr.data(), nl_addr_get_binary_addr(a),
                    std::min<unsigned>(nl_addr_get_len(a), 16));
        p.length = static_cast<std::uint8_t>(nl_addr_get_prefixlen(a));
    }
    return p;
}

} // namespace xgw::route
