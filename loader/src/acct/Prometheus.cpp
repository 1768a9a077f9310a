#include "PrometheusFamily.h"

#include <xgw/acct/Names.h>
#include <xgw/acct/Prometheus.h>

#include <functional>
#include <utility>

namespace xgw::acct {
namespace {

const char* const kDirs[] = {"in", "out"};
const char* const kRoles[] = {"src", "dst"};

std::uint64_t pick(const xgw_counter& c, bool bytes) {
    return bytes ? c.bytes : c.packets;
}

void interfaces(std::string& out, const Metrics& m) {
    for (bool bytes : {false, true})
        family(out, bytes ? "xgw_interface_bytes_total" : "xgw_interface_packets_total",
               bytes ? "Bytes (whole frames) seen by xgw, by interface, direction and verdict."
                     : "Packets seen by xgw, by interface, direction and verdict.",
               [&](const Emit& emit) {
                   for (const auto& s : m.interfaces)
                       for (unsigned d = 0; d < XGW_DIR__MAX; d++)
                           for (unsigned v = 0; v < XGW_VERDICT__MAX; v++)
                               emit({{"interface", s.name},
                                     {"direction", kDirs[d]},
                                     {"verdict", std::string(verdict_name(v))}},
                                    pick((d ? s.egress : s.ingress).verdict[v], bytes));
               });
    family(out, "xgw_malformed_packets_total",
           "Malformed packets, by interface, direction and reason.", [&](const Emit& emit) {
               for (const auto& s : m.interfaces)
                   for (unsigned d = 0; d < XGW_DIR__MAX; d++)
                       for (unsigned r = 1; r < XGW_REASON__MAX; r++)
                           emit({{"interface", s.name},
                                 {"direction", kDirs[d]},
                                 {"reason", std::string(reason_name(r))}},
                                (d ? s.egress : s.ingress).reason[r]);
           });
}

void tables(std::string& out, const Metrics& m) {
    family(
        out, "xgw_table_size", "Entries a state table (flows, nat_bindings) holds at most.",
        [&](const Emit& emit) {
            for (const auto& t : m.tables)
                emit({{"table", t.table}}, t.size);
        },
        "gauge");
    family(
        out, "xgw_table_entries", "Entries in a state table now.",
        [&](const Emit& emit) {
            for (const auto& t : m.tables)
                emit({{"table", t.table}}, t.entries);
        },
        "gauge");
    family(out, "xgw_table_events_total",
           "State table events: created, expired, evicted (LRU, table full), create-failed, "
           "unowned-packets (passed by flows of rules no longer in force), ports-exhausted (NAT).",
           [&](const Emit& emit) {
               for (const auto& t : m.tables)
                   for (const auto& [event, n] : t.events)
                       emit({{"table", t.table}, {"event", event}}, n);
           });
}

void forwarding(std::string& out, const Metrics& m) {
    family(out, "xgw_forward_packets_total",
           "Packets that reached the XDP forwarding offload, by outcome (forwarded, or why the "
           "stack took them).",
           [&](const Emit& emit) {
               for (unsigned r = 0; r < XGW_FWD__MAX; r++)
                   emit({{"outcome", std::string(fwd_result_name(r))}}, m.forwarding[r]);
           });
    family(out, "xgw_policy_notes_total",
           "Marks and next hops carried from XDP to tc ingress in a per-CPU note (kernels that "
           "refuse XDP metadata): taken, or stale (left for another packet, dropped).",
           [&](const Emit& emit) {
               emit({{"outcome", "taken"}}, m.policy_notes.taken);
               emit({{"outcome", "stale"}}, m.policy_notes.stale);
           });
}

void memory(std::string& out, const Metrics& m) {
    family(
        out, "xgw_map_memory_bytes", "Kernel memory a map of xgw's state locks, by feature.",
        [&](const Emit& emit) {
            for (const auto& f : m.memory)
                emit({{"feature", f.feature}, {"map", f.map}}, f.bytes);
        },
        "gauge");
    family(
        out, "xgw_map_capacity", "Entries a map holds at most (bytes, for a ring buffer).",
        [&](const Emit& emit) {
            for (const auto& f : m.memory)
                emit({{"feature", f.feature}, {"map", f.map}}, f.capacity);
        },
        "gauge");
}

void rules(std::string& out, const Metrics& m) {
    for (bool bytes : {false, true})
        family(out, bytes ? "xgw_rule_bytes_total" : "xgw_rule_packets_total",
               bytes ? "Bytes matched by each firewall rule."
                     : "Packets matched by each firewall rule.",
               [&](const Emit& emit) {
                   for (const auto& r : m.rules)
                       emit({{"rule", std::to_string(r.number)}, {"text", r.text}},
                            pick(r.counts, bytes));
               });
}

// Host and port rows: [direction][role] counters under the row's own labels.
template <class Row>
void role_families(std::string& out, const char* packets_name, const char* bytes_name,
                   const char* what, const std::vector<Row>& rows,
                   const std::function<Labels(const Row&)>& labels_of) {
    for (bool bytes : {false, true}) {
        const std::string help =
            std::string(bytes ? "Bytes" : "Packets") + " by accounted " + what +
            ", direction (in: XDP ingress, out: tc egress) and role (src, dst).";
        family(out, bytes ? bytes_name : packets_name, help.c_str(), [&](const Emit& emit) {
            for (const auto& row : rows)
                for (unsigned d = 0; d < XGW_DIR__MAX; d++)
                    for (unsigned r = 0; r < XGW_ACCT_ROLE__MAX; r++) {
                        Labels l = labels_of(row);
                        l.push_back({"direction", kDirs[d]});
                        l.push_back({"role", kRoles[r]});
                        emit(l, pick(row.counts.c[d][r], bytes));
                    }
        });
    }
}

void type_families(std::string& out, const char* packets_name, const char* bytes_name,
                   const char* what, const std::vector<TypeCounters>& rows, bool icmp) {
    for (bool bytes : {false, true}) {
        const std::string help =
            std::string(bytes ? "Bytes" : "Packets") + " by " + what + " and direction.";
        family(out, bytes ? bytes_name : packets_name, help.c_str(), [&](const Emit& emit) {
            for (const auto& t : rows)
                for (unsigned d = 0; d < XGW_DIR__MAX; d++)
                    emit({{"family", family_name(t.family)},
                          {icmp ? "type" : "protocol",
                           icmp ? icmp_type_name(t.family, t.number) : protocol_name(t.number)},
                          {"direction", kDirs[d]}},
                         pick(t.counts.c[d], bytes));
        });
    }
}

void accounting(std::string& out, const Snapshot& s) {
    role_families<HostCounters>(out, "xgw_acct_host_packets_total", "xgw_acct_host_bytes_total",
                                "host", s.hosts, [](const HostCounters& h) {
                                    return Labels{{"address", h.address.str()}};
                                });
    role_families<PortCounters>(out, "xgw_acct_port_packets_total", "xgw_acct_port_bytes_total",
                                "port", s.ports, [](const PortCounters& p) {
                                    return Labels{
                                        {"protocol", std::string(to_string(p.port.proto))},
                                        {"port", std::to_string(p.port.number)}};
                                });
    type_families(out, "xgw_acct_protocol_packets_total", "xgw_acct_protocol_bytes_total",
                  "IP protocol", s.protocols, false);
    type_families(out, "xgw_acct_icmp_packets_total", "xgw_acct_icmp_bytes_total",
                  "ICMP or ICMPv6 type", s.icmp_types, true);
    family(out, "xgw_acct_host_overflow_packets_total",
           "Packets of accounted hosts not counted by host because the host table was full.",
           [&](const Emit& emit) { emit({}, s.host_overflow); });
}

void aoe_targets(std::string& out, const std::vector<AoeSample>& targets) {
    family(out, "xgw_aoe_target_total",
           "AoE requests for a target as XDP steering counted them, by interface, target "
           "(SHELF.SLOT), its steering action and counter (frames, bytes, per command, "
           "broadcast, denied, errors, passed, dropped, steered, oversize, responses).",
           [&](const Emit& emit) {
               for (const auto& t : targets)
                   for (const auto& [counter, n] : t.counters)
                       emit({{"interface", t.interface},
                             {"target", t.target},
                             {"action", t.action},
                             {"counter", counter}},
                            n);
           });
}

} // namespace

std::string prometheus_text(const Metrics& metrics) {
    std::string out;
    interfaces(out, metrics);
    rules(out, metrics);
    tables(out, metrics);
    forwarding(out, metrics);
    memory(out, metrics);
    if (!metrics.aoe.empty())
        aoe_targets(out, metrics.aoe);
    if (metrics.accounting)
        accounting(out, *metrics.accounting);
    return out;
}

} // namespace xgw::acct
