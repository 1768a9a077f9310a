// /etc/resolv.conf as resolv.conf(5) reads it, with every line kept as written.
#pragma once

#include <xgw/Result.h>
#include <xgw/dns/FileLines.h>

#include <optional>
#include <string>
#include <vector>

namespace xgw::dns {

// The resolver uses at most this many nameserver lines (MAXNS); the rest are reported.
inline constexpr std::size_t kMaxNameservers = 3;

struct ResolvConf {
    std::vector<std::string> lines;       // the file as written
    std::vector<std::string> nameservers; // the first kMaxNameservers, in order
    std::vector<std::string> search;      // from the last domain or search line
    std::string search_keyword;           // "domain" or "search": which one won
    std::vector<std::string> options;     // every option word, in order
    std::vector<Warning> warnings;

    // Errors (a nameserver that is no address, an option with a bad value) name path:line.
    static Result<ResolvConf> parse(std::string_view text, const std::string& path);
    std::string text() const { return join_lines(lines); }
};

// What `xgw dns config set` changes; a part left empty stays as the file has it.
struct ResolvConfChange {
    std::optional<std::vector<std::string>> nameservers;
    std::optional<std::vector<std::string>> search;
    std::optional<std::vector<std::string>> options;
};

// "nameserver A [A...] [search D...] [options O...]" in any order; "domain D" sets search to D.
Result<ResolvConfChange> parse_resolv_conf_change(const std::vector<std::string>& words);

// The file with the changed parts' lines replaced where the first of them stood (or appended),
// every other line kept. The result is checked by parsing it again.
Result<ResolvConf> apply_change(const ResolvConf& conf, const ResolvConfChange& change,
                                const std::string& path);

} // namespace xgw::dns
