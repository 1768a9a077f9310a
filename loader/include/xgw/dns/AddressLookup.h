// The A and AAAA addresses of one DNS name, with how long they hold (the answers' TTL), asked
// of a recursive server: the one given, or those of /etc/resolv.conf. For the firewall's name
// tables (fw/TableNames.h), which re-ask when the TTL runs out.
#pragma once

#include <xgw/Result.h>
#include <xgw/fw/IpPrefix.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace xgw::dns {

struct AddressAnswer {
    std::vector<fw::IpPrefix> addresses; // host prefixes, IPv4 first, each family sorted
    std::uint32_t ttl = 0;               // seconds: the smallest TTL of the records used
};

// server: "ADDR[#PORT]" (port 53 by default), or "" for the nameservers of /etc/resolv.conf.
// A name that does not exist is NotFound; a name without addresses is an empty answer whose
// TTL is the negative TTL (RFC 2308); no answer from any server is Failed.
Result<AddressAnswer> lookup_addresses(const std::string& name, const std::string& server);

// The A and AAAA addresses in the answer section of a DNS message (a CNAME chain's end's too)
// and their smallest TTL; none when it holds none or cannot be parsed.
AddressAnswer addresses_in_answer(const std::uint8_t* wire, std::size_t n);

} // namespace xgw::dns
