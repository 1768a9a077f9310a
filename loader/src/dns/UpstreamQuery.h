// The query the forwarder sends upstream for a client's query.
#pragma once

#include <xgw/dns/QueryView.h>

#include <vector>

namespace xgw::dns {

// The client's question (its letter case kept) with RD set, the client's CD, and an EDNS0 OPT
// record with our buffer size and the client's DO bit; ID 0, set per try. Built by ldns.
std::vector<std::uint8_t> upstream_query(const std::uint8_t* query, std::size_t n,
                                         const QueryView& q);

} // namespace xgw::dns
