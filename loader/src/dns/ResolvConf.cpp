#include <xgw/dns/IpText.h>
#include <xgw/dns/ResolvConf.h>

#include <algorithm>
#include <charconv>

namespace xgw::dns {
namespace {

// Options that take a number, and the largest the resolver honours (larger is capped).
struct NumericOption {
    std::string_view name;
    int max;
};
constexpr NumericOption kNumericOptions[] = {{"ndots", 15}, {"timeout", 30}, {"attempts", 5}};
constexpr std::string_view kFlagOptions[] = {
    "debug",        "rotate",        "no-check-names", "inet6",          "ip6-bytestring",
    "ip6-dotint",   "no-ip6-dotint", "edns0",          "single-request", "single-request-reopen",
    "no-tld-query", "use-vc",        "no-reload",      "trust-ad",       "no-aaaa"};

// The resolver treats both as the start of a comment.
constexpr std::string_view kComment = "#;";

// Checks one option word; an unknown one is a warning, a bad number an error.
Result<void> check_option(const std::string& word, int line, const std::string& path,
                          std::vector<Warning>& warnings) {
    auto colon = word.find(':');
    auto name = std::string_view(word).substr(0, colon);
    for (const auto& o : kNumericOptions) {
        if (name != o.name)
            continue;
        if (colon == std::string::npos)
            return make_error(Errc::Usage,
                              where(path, line,
                                    "option '" + std::string(name) + "' needs a value (" +
                                        std::string(name) + ":N)"));
        auto value = std::string_view(word).substr(colon + 1);
        int n = -1;
        auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
        if (ec != std::errc() || end != value.data() + value.size() || n < 0)
            return make_error(Errc::Usage, where(path, line,
                                                 "option '" + word + "': '" + std::string(value) +
                                                     "' is not a number"));
        if (n > o.max)
            warnings.push_back({line, "option '" + word + "' is capped at " +
                                          std::to_string(o.max) + " by the resolver"});
        return {};
    }
    if (colon == std::string::npos &&
        std::find(std::begin(kFlagOptions), std::end(kFlagOptions), name) != std::end(kFlagOptions))
        return {};
    warnings.push_back({line, "unknown option '" + word + "' (ignored by the resolver)"});
    return {};
}

bool is_keyword(std::string_view w) {
    return w == "nameserver" || w == "search" || w == "domain" || w == "options";
}

// Which lines a change replaces: nameserver, domain/search, options.
bool replaced(const std::vector<std::string>& words, const ResolvConfChange& change) {
    if (words.empty())
        return false;
    const auto& k = words[0];
    return (k == "nameserver" && change.nameservers) ||
           ((k == "search" || k == "domain") && change.search) ||
           (k == "options" && change.options);
}

} // namespace

Result<ResolvConf> ResolvConf::parse(std::string_view text, const std::string& path) {
    ResolvConf c;
    c.lines = split_lines(text);
    int n_servers = 0;
    for (std::size_t i = 0; i < c.lines.size(); i++) {
        int line = static_cast<int>(i) + 1;
        auto words = line_words(c.lines[i], kComment);
        if (words.empty())
            continue;
        const auto& k = words[0];
        std::vector<std::string> args(words.begin() + 1, words.end());
        if (k == "nameserver") {
            if (args.size() != 1)
                return make_error(Errc::Usage, where(path, line,
                                                     "nameserver takes one address, found " +
                                                         std::to_string(args.size())));
            if (!ip_family_of(args[0]))
                return make_error(Errc::Usage, where(path, line,
                                                     "nameserver '" + args[0] +
                                                         "' is not an IPv4 or IPv6 address"));
            if (++n_servers > static_cast<int>(kMaxNameservers))
                c.warnings.push_back({line, "nameserver " + args[0] +
                                                " ignored: the resolver "
                                                "uses the first " +
                                                std::to_string(kMaxNameservers)});
            else
                c.nameservers.push_back(args[0]);
        } else if (k == "domain" || k == "search") {
            if (args.empty())
                return make_error(Errc::Usage, where(path, line, k + " needs a domain"));
            if (k == "domain" && args.size() > 1)
                return make_error(Errc::Usage, where(path, line, "domain takes one name"));
            if (!c.search_keyword.empty())
                c.warnings.push_back({line, k + " overrides the " + c.search_keyword +
                                                " line before it (the last one wins)"});
            c.search = args;
            c.search_keyword = k;
        } else if (k == "options") {
            for (const auto& o : args) {
                if (auto ok = check_option(o, line, path, c.warnings); !ok)
                    return ok.error();
                c.options.push_back(o);
            }
        } else if (k != "sortlist") {
            c.warnings.push_back({line, "unknown keyword '" + k + "' (kept, ignored)"});
        }
    }
    return c;
}

Result<ResolvConfChange> parse_resolv_conf_change(const std::vector<std::string>& words) {
    ResolvConfChange change;
    std::optional<std::vector<std::string>>* part = nullptr;
    for (const auto& w : words) {
        if (is_keyword(w)) {
            part = w == "nameserver" ? &change.nameservers
                   : w == "options"  ? &change.options
                                     : &change.search;
            if (*part)
                return make_error(Errc::Usage, "'" + w + "' given twice");
            part->emplace();
            continue;
        }
        if (!part)
            return make_error(Errc::Usage, "expected nameserver, search, domain or options "
                                           "before '" +
                                               w + "'");
        (*part)->push_back(w);
    }
    if (!change.nameservers && !change.search && !change.options)
        return make_error(Errc::Usage, "nothing to set: give nameserver, search or options");
    if (change.nameservers && change.nameservers->size() > kMaxNameservers)
        return make_error(Errc::Usage, "at most " + std::to_string(kMaxNameservers) +
                                           " nameservers: the resolver ignores the rest");
    if (change.nameservers)
        for (const auto& a : *change.nameservers)
            if (!ip_family_of(a))
                return make_error(Errc::Usage,
                                  "nameserver '" + a + "' is not an IPv4 or IPv6 address");
    return change;
}

Result<ResolvConf> apply_change(const ResolvConf& conf, const ResolvConfChange& change,
                                const std::string& path) {
    std::vector<std::string> fresh;
    if (change.nameservers)
        for (const auto& a : *change.nameservers)
            fresh.push_back("nameserver " + a);
    auto joined = [](const char* k, const std::vector<std::string>& v) {
        std::string s = k;
        for (const auto& w : v)
            s += " " + w;
        return s;
    };
    if (change.search && !change.search->empty())
        fresh.push_back(joined("search", *change.search));
    if (change.options && !change.options->empty())
        fresh.push_back(joined("options", *change.options));

    std::vector<std::string> lines;
    bool placed = false;
    for (const auto& l : conf.lines) {
        if (!replaced(line_words(l, kComment), change)) {
            lines.push_back(l);
            continue;
        }
        if (!placed)
            lines.insert(lines.end(), fresh.begin(), fresh.end());
        placed = true;
    }
    if (!placed)
        lines.insert(lines.end(), fresh.begin(), fresh.end());
    return ResolvConf::parse(join_lines(lines), path);
}

} // namespace xgw::dns
