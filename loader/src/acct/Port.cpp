#include <xgw/acct/Port.h>

#include <charconv>

namespace xgw::acct {
namespace {

Result<std::uint16_t> parse_number(std::string_view text, std::string_view whole) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value == 0 ||
        value > 65535)
        return make_error(Errc::Usage, "'" + std::string(whole) +
                                           "' is not a port (1-65535), a range or PROTO/PORT");
    return static_cast<std::uint16_t>(value);
}

} // namespace

std::string_view to_string(PortProto proto) {
    return proto == PortProto::Tcp ? "tcp" : "udp";
}

std::string Port::str() const {
    return std::string(to_string(proto)) + "/" + std::to_string(number);
}

Result<std::vector<Port>> parse_ports(std::string_view text) {
    std::vector<PortProto> protos{PortProto::Tcp, PortProto::Udp};
    std::string_view range = text;
    if (auto slash = text.find('/'); slash != std::string_view::npos) {
        auto name = text.substr(0, slash);
        if (name != "tcp" && name != "udp")
            return make_error(Errc::Usage,
                              "'" + std::string(name) + "' is not a port protocol (tcp or udp)");
        protos = {name == "tcp" ? PortProto::Tcp : PortProto::Udp};
        range = text.substr(slash + 1);
    }
    auto dash = range.find('-');
    auto first = parse_number(range.substr(0, dash), text);
    if (!first)
        return first.error();
    auto last = dash == std::string_view::npos ? first : parse_number(range.substr(dash + 1), text);
    if (!last)
        return last.error();
    if (*last < *first)
        return make_error(Errc::Usage, "port range '" + std::string(text) + "' runs backwards");
    if (static_cast<std::size_t>(*last - *first + 1) * protos.size() > XGW_ACCT_MAX_PORTS)
        return make_error(Errc::Usage, "port range '" + std::string(text) + "' is larger than " +
                                           std::to_string(XGW_ACCT_MAX_PORTS) + " ports");
    std::vector<Port> out;
    for (auto proto : protos)
        for (unsigned n = *first; n <= *last; n++)
            out.push_back({proto, static_cast<std::uint16_t>(n)});
    return out;
}

} // namespace xgw::acct
