// Telling an IP address from other words in the resolver files.
#pragma once

#include <optional>
#include <string_view>

namespace xgw::dns {

// AF_INET or AF_INET6 when text is an address (an IPv6 one may carry a %scope), else nothing.
std::optional<int> ip_family_of(std::string_view text);

} // namespace xgw::dns
