// The slow path for queries that scan_query does not take: ldns parses them whole and says
// whether to drop them, refuse them with an rcode, or serve them in the common shape.
#pragma once

#include <cstdint>
#include <vector>

namespace xgw::dns {

struct UnusualQuery {
    enum Kind { Drop, Reply, Serve } kind = Drop;
    std::uint8_t rcode = 0; // for Reply (FORMERR, NOTIMP, BADVERS)
    // For Serve, and for Reply when the question could be read: the query re-encoded by ldns in
    // the common shape (the client's ID, flags, question and EDNS0 buffer and DO bit).
    std::vector<std::uint8_t> canonical;
};

UnusualQuery read_unusual_query(const std::uint8_t* p, std::size_t n);

} // namespace xgw::dns
