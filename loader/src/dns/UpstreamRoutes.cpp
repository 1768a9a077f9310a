#include <xgw/dns/HostsFile.h>
#include <xgw/dns/UpstreamRoutes.h>

#include <algorithm>
#include <cctype>

namespace xgw::dns {

int UpstreamRoutes::index_of(const Endpoint& e) {
    auto it = std::find(servers_.begin(), servers_.end(), e);
    if (it != servers_.end())
        return static_cast<int>(it - servers_.begin());
    servers_.push_back(e);
    return static_cast<int>(servers_.size() - 1);
}

Result<void> UpstreamRoutes::add_default(std::string_view spec) {
    auto e = parse_endpoint(spec);
    if (!e)
        return e.error().prefix("--upstream");
    defaults_.push_back(index_of(*e));
    return {};
}

Result<void> UpstreamRoutes::add_domain(std::string_view spec) {
    auto bad = [&](const std::string& why) {
        return make_error(Errc::Usage, "--server '" + std::string(spec) + "': " + why);
    };
    if (spec.empty() || spec.front() != '/')
        return bad("expected /DOMAIN/ADDR");
    auto last = spec.rfind('/');
    if (last == 0)
        return bad("expected '/' after the domain");
    std::vector<int> servers;
    if (last + 1 < spec.size()) {
        auto e = parse_endpoint(spec.substr(last + 1));
        if (!e)
            return e.error().prefix("--server");
        servers.push_back(index_of(*e));
    }
    std::size_t start = 1;
    while (start < last) {
        auto slash = spec.find('/', start);
        std::string name(spec.substr(start, slash - start));
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        while (!name.empty() && name.back() == '.')
            name.pop_back();
        if (name.empty() || !is_host_name(name))
            return bad("'" + name + "' is not a domain name");
        auto it = std::find_if(domains_.begin(), domains_.end(),
                               [&](const Domain& d) { return d.name == name; });
        if (it == domains_.end())
            domains_.push_back({name, servers});
        else
            it->servers.insert(it->servers.end(), servers.begin(), servers.end());
        start = slash + 1;
    }
    return {};
}

const std::vector<int>& UpstreamRoutes::route(std::string_view name) const {
    const Domain* best = nullptr;
    for (const auto& d : domains_) {
        bool match = name == d.name || (name.size() > d.name.size() && name.ends_with(d.name) &&
                                        name[name.size() - d.name.size() - 1] == '.');
        if (match && (!best || d.name.size() > best->name.size()))
            best = &d;
    }
    return best ? best->servers : defaults_;
}

std::string name_text(const std::uint8_t* wire) {
    std::string out;
    for (std::size_t at = 0; wire[at] != 0; at += 1 + wire[at]) {
        if (!out.empty())
            out += '.';
        for (std::size_t i = 1; i <= wire[at]; i++)
            out += static_cast<char>(std::tolower(wire[at + i]));
    }
    return out;
}

} // namespace xgw::dns
