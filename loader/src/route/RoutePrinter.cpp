#include <xgw/route/RoutePrinter.h>

#include <arpa/inet.h>

#include <cstdio>

namespace xgw::route {
namespace {

std::string row(const char* fmt, const std::string& a, const std::string& b, const std::string& c,
                const std::string& d, const std::string& e) {
    char buf[256];
    std::snprintf(buf, sizeof buf, fmt, a.c_str(), b.c_str(), c.c_str(), d.c_str(), e.c_str());
    return buf;
}

std::string zero_address(IpFamily family) {
    return family == IpFamily::V4 ? "0.0.0.0" : "::";
}

std::string dest_text(const RouteEntry& e, const RoutePrintOptions& o) {
    if (e.dest.length == 0 && !o.numeric)
        return "default";
    if (e.dest.family == IpFamily::V4) {
        IpPrefix host = e.dest;
        host.length = 32;
        return host.str();
    }
    IpPrefix full = e.dest;
    full.length = 128;
    return full.str() + "/" + std::to_string(e.dest.length);
}

std::string gateway_text(const RouteEntry& e, const RoutePrintOptions& o) {
    if (e.gateway)
        return e.gateway->str();
    return o.numeric ? zero_address(e.dest.family) : "*";
}

std::string tail(const RouteEntry& e, const RoutePrintOptions& o) {
    std::string out = std::to_string(e.metric);
    out.resize(std::max<std::size_t>(out.size(), 6), ' ');
    if (o.show_table) {
        std::string t = table_name(e.table);
        t.resize(std::max<std::size_t>(t.size(), 8), ' ');
        out += " " + t;
    }
    return out + " " + (e.dev.empty() ? "*" : e.dev);
}

} // namespace

std::string netmask_str(unsigned length) {
    in_addr mask{htonl(length == 0 ? 0 : 0xffffffffu << (32 - std::min(length, 32u)))};
    char buf[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &mask, buf, sizeof buf);
    return buf;
}

std::string route_flags(const RouteEntry& e) {
    std::string flags;
    if (e.up)
        flags += 'U';
    if (e.gateway)
        flags += 'G';
    if (e.dest.length == e.dest.maxLength())
        flags += 'H';
    if (e.type == RouteType::Unreachable || e.type == RouteType::Prohibit ||
        e.type == RouteType::Blackhole)
        flags += '!';
    return flags;
}

std::string format_route_table(const std::vector<RouteEntry>& entries, const RoutePrintOptions& o) {
    const bool v4 = o.family == IpFamily::V4;
    const std::string table = o.show_table ? "Table    " : "";
    std::string out =
        v4 ? "Kernel IP routing table\n"
             "Destination     Gateway         Genmask         Flags Metric " +
                 table + "Iface\n"
           : "Kernel IPv6 routing table\n"
             "Destination                    Next Hop                   Flags Metric " +
                 table + "Iface\n";
    for (const auto& e : entries) {
        if (e.dest.family != o.family)
            continue;
        if (v4)
            out += row("%-15s %-15s %-15s %-5s %s\n", dest_text(e, o), gateway_text(e, o),
                       netmask_str(e.dest.length), route_flags(e), tail(e, o));
        else
            out += row("%-30s %-26s %-5s %s%s\n", dest_text(e, o), gateway_text(e, o),
                       route_flags(e), tail(e, o), "");
    }
    return out;
}

} // namespace xgw::route
