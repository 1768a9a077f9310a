// /etc/host.conf (host.conf(5)), with every line kept as written.
#pragma once

#include <xgw/Result.h>
#include <xgw/dns/FileLines.h>

#include <map>
#include <string>
#include <vector>

namespace xgw::dns {

struct HostConf {
    std::vector<std::string> lines;
    std::vector<std::string> order;              // "hosts", "bind", "nis": the old lookup order
    std::map<std::string, std::string> settings; // multi, reorder, nospoof, spoofalert: on|off;
                                                 // spoof: off|nowarn|warn
    std::vector<std::string> trim;               // domains trimmed from looked-up names
    std::vector<Warning> warnings;

    // Keywords take a value ("multi on"), or stand alone in the old one-keyword form ("multi"
    // means on; a line "hosts" or "bind" adds that service to the order). Errors name path:line.
    static Result<HostConf> parse(std::string_view text, const std::string& path);
    std::string text() const { return join_lines(lines); }
};

} // namespace xgw::dns
