// Whether another program manages /etc/resolv.conf, so that xgw does not fight it.
#pragma once

#include <optional>
#include <string>

namespace xgw::dns {

// "systemd-resolved" or "resolvconf" when the path links into their run directories or the
// file carries their header; nothing when the file is free to write.
std::optional<std::string> resolv_conf_owner(const std::string& path);

} // namespace xgw::dns
