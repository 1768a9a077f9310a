#include <xgw/acct/Snapshot.h>

#include "CounterSum.h"

#include <map>
#include <tuple>
#include <utility>

namespace xgw::acct {
namespace {

// Merges rows with equal keys, keeping the result ordered by key.
template <class Row, class KeyOf>
void merge_rows(std::vector<Row>& into, const std::vector<Row>& from, KeyOf key_of) {
    std::map<decltype(key_of(std::declval<const Row&>())), Row> rows;
    for (const std::vector<Row>* side : {&std::as_const(into), &from})
        for (const auto& row : *side) {
            auto [it, fresh] = rows.try_emplace(key_of(row), row);
            if (!fresh)
                add(it->second.counts, row.counts);
        }
    into.clear();
    for (auto& [key, row] : rows)
        into.push_back(row);
}

} // namespace

void Snapshot::merge(const Snapshot& other) {
    merge_rows(hosts, other.hosts,
               [](const HostCounters& h) { return std::tuple(h.address.family, h.address.addr); });
    merge_rows(ports, other.ports, [](const PortCounters& p) { return p.port; });
    auto type_key = [](const TypeCounters& t) { return std::tuple(t.family, t.number); };
    merge_rows(protocols, other.protocols, type_key);
    merge_rows(icmp_types, other.icmp_types, type_key);
    host_overflow += other.host_overflow;
}

} // namespace xgw::acct
