#include <xgw/dns/HostsFile.h>
#include <xgw/dns/IpText.h>

#include <cctype>
#include <charconv>

namespace xgw::dns {
namespace {

// "127", "10.1", "169.254.0.0": one to four numbers 0-255 (networks(5)).
bool is_network_number(std::string_view s) {
    int parts = 0;
    std::size_t start = 0;
    while (true) {
        auto dot = s.find('.', start);
        auto part = s.substr(start, dot == std::string_view::npos ? s.npos : dot - start);
        unsigned v = 0;
        auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
        if (part.empty() || ec != std::errc() || end != part.data() + part.size() || v > 255)
            return false;
        if (++parts > 4)
            return false;
        if (dot == std::string_view::npos)
            return true;
        start = dot + 1;
    }
}

Result<void> check_names(const std::vector<std::string>& names, std::size_t from, int line,
                         const std::string& path) {
    for (std::size_t i = from; i < names.size(); i++)
        if (!is_host_name(names[i]))
            return make_error(Errc::Usage,
                              where(path, line, "'" + names[i] + "' is not a valid name"));
    return {};
}

} // namespace

bool is_host_name(std::string_view name) {
    if (name.empty() || name.size() > 253 || name.front() == '.')
        return false;
    char prev = '.';
    for (char c : name) {
        if (c == '.' && prev == '.')
            return false;
        if (c != '.' && c != '-' && c != '_' && !std::isalnum(static_cast<unsigned char>(c)))
            return false;
        prev = c;
    }
    return true;
}

Result<HostsFile> HostsFile::parse(std::string_view text, const std::string& path) {
    HostsFile h;
    h.lines = split_lines(text);
    for (std::size_t i = 0; i < h.lines.size(); i++) {
        int line = static_cast<int>(i) + 1;
        auto words = line_words(h.lines[i]);
        if (words.empty())
            continue;
        if (!ip_family_of(words[0]))
            return make_error(Errc::Usage, where(path, line,
                                                 "'" + words[0] +
                                                     "' is not an IPv4 or IPv6 "
                                                     "address"));
        if (words.size() < 2)
            return make_error(Errc::Usage,
                              where(path, line, "address " + words[0] + " has no name"));
        if (auto ok = check_names(words, 1, line, path); !ok)
            return ok.error();
        h.entries.push_back({line, words[0], {words.begin() + 1, words.end()}});
    }
    return h;
}

Result<NetworksFile> NetworksFile::parse(std::string_view text, const std::string& path) {
    NetworksFile n;
    n.lines = split_lines(text);
    for (std::size_t i = 0; i < n.lines.size(); i++) {
        int line = static_cast<int>(i) + 1;
        auto words = line_words(n.lines[i]);
        if (words.empty())
            continue;
        if (words.size() < 2)
            return make_error(Errc::Usage,
                              where(path, line, "network '" + words[0] + "' has no number"));
        if (!is_host_name(words[0]))
            return make_error(Errc::Usage,
                              where(path, line, "'" + words[0] + "' is not a valid name"));
        if (!is_network_number(words[1]))
            return make_error(Errc::Usage, where(path, line,
                                                 "'" + words[1] +
                                                     "' is not a network number (1-4 dotted "
                                                     "parts, each 0-255)"));
        std::vector<std::string> aliases(words.begin() + 2, words.end());
        if (auto ok = check_names(aliases, 0, line, path); !ok)
            return ok.error();
        n.entries.push_back({line, words[0], words[1], aliases});
    }
    return n;
}

} // namespace xgw::dns
