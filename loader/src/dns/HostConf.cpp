#include <xgw/dns/HostConf.h>

#include <algorithm>

namespace xgw::dns {
namespace {

constexpr std::string_view kServices[] = {"hosts", "bind", "nis"};
constexpr std::string_view kSwitches[] = {"multi", "reorder", "nospoof", "spoofalert"};

bool is_service(std::string_view w) {
    return std::find(std::begin(kServices), std::end(kServices), w) != std::end(kServices);
}

bool is_switch(std::string_view w) {
    return std::find(std::begin(kSwitches), std::end(kSwitches), w) != std::end(kSwitches);
}

// "hosts,bind nis" -> the service names; an unknown one is an error.
Result<std::vector<std::string>> order_of(const std::vector<std::string>& args, int line,
                                          const std::string& path) {
    std::vector<std::string> out;
    for (const auto& a : args) {
        std::size_t start = 0;
        while (start <= a.size()) {
            auto comma = std::min(a.find(',', start), a.size());
            auto s = a.substr(start, comma - start);
            if (!s.empty() && !is_service(s))
                return make_error(
                    Errc::Usage,
                    where(path, line, "order: unknown service '" + s + "' (hosts, bind or nis)"));
            if (!s.empty())
                out.push_back(s);
            start = comma + 1;
        }
    }
    if (out.empty())
        return make_error(Errc::Usage, where(path, line, "order needs at least one service"));
    return out;
}

} // namespace

Result<HostConf> HostConf::parse(std::string_view text, const std::string& path) {
    HostConf c;
    c.lines = split_lines(text);
    for (std::size_t i = 0; i < c.lines.size(); i++) {
        int line = static_cast<int>(i) + 1;
        auto words = line_words(c.lines[i]);
        if (words.empty())
            continue;
        const auto& k = words[0];
        std::vector<std::string> args(words.begin() + 1, words.end());
        if (k == "order") {
            auto o = order_of(args, line, path);
            if (!o)
                return o.error();
            c.order = *o;
        } else if (is_service(k) && args.empty()) {
            c.order.push_back(k);
        } else if (is_switch(k)) {
            if (args.size() > 1 || (args.size() == 1 && args[0] != "on" && args[0] != "off"))
                return make_error(Errc::Usage, where(path, line, k + " takes on or off"));
            c.settings[k] = args.empty() ? "on" : args[0];
        } else if (k == "spoof") {
            if (args.size() != 1 || (args[0] != "off" && args[0] != "nowarn" && args[0] != "warn"))
                return make_error(Errc::Usage,
                                  where(path, line, "spoof takes off, nowarn or warn"));
            c.settings[k] = args[0];
        } else if (k == "trim") {
            if (args.empty())
                return make_error(Errc::Usage, where(path, line, "trim needs a domain"));
            for (const auto& a : args)
                c.trim.push_back(a);
        } else {
            c.warnings.push_back({line, "unknown keyword '" + k + "' (kept, ignored)"});
        }
    }
    return c;
}

} // namespace xgw::dns
