#include <xgw/acct/Names.h>

#include <map>

namespace xgw::acct {

std::string protocol_name(std::uint8_t number) {
    static const std::map<std::uint8_t, const char*> kNames = {
        {1, "icmp"},  {2, "igmp"},  {4, "ipip"},   {6, "tcp"},    {17, "udp"},
        {41, "ipv6"}, {47, "gre"},  {50, "esp"},   {51, "ah"},    {58, "icmpv6"},
        {89, "ospf"}, {103, "pim"}, {112, "vrrp"}, {132, "sctp"}, {136, "udplite"},
    };
    auto it = kNames.find(number);
    return it != kNames.end() ? it->second : std::to_string(number);
}

std::string icmp_type_name(fw::IpFamily family, std::uint8_t type) {
    static const std::map<std::uint8_t, const char*> kIcmp = {
        {0, "echo-reply"},   {3, "destination-unreachable"}, {5, "redirect"},
        {8, "echo-request"}, {11, "time-exceeded"},          {12, "parameter-problem"},
        {13, "timestamp"},   {14, "timestamp-reply"},
    };
    static const std::map<std::uint8_t, const char*> kIcmp6 = {
        {1, "destination-unreachable"},
        {2, "packet-too-big"},
        {3, "time-exceeded"},
        {4, "parameter-problem"},
        {128, "echo-request"},
        {129, "echo-reply"},
        {133, "router-solicitation"},
        {134, "router-advertisement"},
        {135, "neighbor-solicitation"},
        {136, "neighbor-advertisement"},
        {137, "redirect"},
        {143, "mld2-report"},
    };
    const auto& names = family == fw::IpFamily::V4 ? kIcmp : kIcmp6;
    auto it = names.find(type);
    return it != names.end() ? it->second : std::to_string(type);
}

std::string family_name(fw::IpFamily family) {
    return family == fw::IpFamily::V4 ? "ipv4" : "ipv6";
}

} // namespace xgw::acct
