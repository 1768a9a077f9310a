// What the forwarder tells of the answers it relays from upstream servers (answers from its
// cache were told when they first came): for firewall tables that learn the addresses of
// names their clients look up (`xgw fw table web learn '*.example.org'`).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace xgw::dns {

class AnswerTap {
  public:
    virtual ~AnswerTap() = default;
    // qname: the question's name, lower case without the final dot; wire: the whole answer,
    // checked against its query. Called on the workers' threads: must be quick, never block.
    virtual void answered(std::string_view qname, const std::uint8_t* wire, std::size_t n) = 0;
};

} // namespace xgw::dns
