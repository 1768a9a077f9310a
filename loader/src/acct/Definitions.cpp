#include <xgw/acct/Definitions.h>

#include <xgw/abi/acct.h>

#include <algorithm>

namespace xgw::acct {
namespace {

// "tcp/80 tcp/8000-8010 udp/53": consecutive ports of one protocol written as a range.
std::string port_list(std::vector<Port> ports) {
    std::sort(ports.begin(), ports.end());
    std::string out;
    for (std::size_t i = 0; i < ports.size();) {
        std::size_t j = i;
        while (j + 1 < ports.size() && ports[j + 1].proto == ports[i].proto &&
               ports[j + 1].number == ports[j].number + 1)
            j++;
        out += (out.empty() ? "" : " ") + ports[i].str();
        if (j > i)
            out += "-" + std::to_string(ports[j].number);
        i = j + 1;
    }
    return out;
}

} // namespace

std::vector<std::string> printDefinitions(const Definitions& defs) {
    std::vector<std::string> out;
    if (!defs.nets.empty()) {
        std::string line = "net";
        for (const auto& net : defs.nets)
            line += " " + net.str();
        out.push_back(line);
    }
    if (!defs.ports.empty())
        out.push_back("port " + port_list(defs.ports));
    if (defs.protocols)
        out.push_back("protocols");
    if (defs.icmp_types)
        out.push_back("icmp-types");
    if (defs.bytes == ByteCount::Frame)
        out.push_back("bytes frame");
    return out;
}

} // namespace xgw::acct

namespace xgw::acct {

Result<void> checkCapacity(const Definitions& defs) {
    for (auto family : {fw::IpFamily::V4, fw::IpFamily::V6})
        if (std::count_if(defs.nets.begin(), defs.nets.end(),
                          [&](const fw::IpPrefix& n) { return n.family == family; }) >
            XGW_ACCT_MAX_NETS)
            return make_error(Errc::Usage, "accounting takes at most " +
                                               std::to_string(XGW_ACCT_MAX_NETS) +
                                               " nets per address family");
    if (defs.ports.size() > XGW_ACCT_MAX_PORTS)
        return make_error(Errc::Usage, "accounting takes at most " +
                                           std::to_string(XGW_ACCT_MAX_PORTS) + " ports, not " +
                                           std::to_string(defs.ports.size()));
    return {};
}

} // namespace xgw::acct
