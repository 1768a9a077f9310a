// /etc/hosts (hosts(5)) and /etc/networks (networks(5)): an address and names per line,
// every line kept as written.
#pragma once

#include <xgw/Result.h>
#include <xgw/dns/FileLines.h>

#include <string>
#include <vector>

namespace xgw::dns {

struct HostsEntry {
    int line = 0;
    std::string address;            // IPv4 or IPv6
    std::vector<std::string> names; // canonical name first, then aliases
};

struct HostsFile {
    std::vector<std::string> lines;
    std::vector<HostsEntry> entries;
    std::vector<Warning> warnings;

    // A line that is no address followed by names is an error naming path:line.
    static Result<HostsFile> parse(std::string_view text, const std::string& path);
    std::string text() const { return join_lines(lines); }
};

struct NetworksEntry {
    int line = 0;
    std::string name;
    std::string number; // dotted, one to four parts ("127", "169.254.0.0")
    std::vector<std::string> aliases;
};

struct NetworksFile {
    std::vector<std::string> lines;
    std::vector<NetworksEntry> entries;

    static Result<NetworksFile> parse(std::string_view text, const std::string& path);
    std::string text() const { return join_lines(lines); }
};

// A name hosts(5) accepts: letters, digits, '-', '_' and '.' separating non-empty labels.
bool is_host_name(std::string_view name);

} // namespace xgw::dns
