#include "AcctOutput.h"

#include <xgw/acct/Names.h>

#include <cstdio>

namespace xgw::cli {
namespace {

using acct::Snapshot;

nlohmann::json counter_json(const xgw_counter& c) {
    return {{"packets", c.packets}, {"bytes", c.bytes}};
}

nlohmann::json roles_json(const xgw_acct_stats& s) {
    nlohmann::json j;
    const char* dirs[] = {"in", "out"};
    for (unsigned d = 0; d < XGW_DIR__MAX; d++)
        j[dirs[d]] = {{"src", counter_json(s.c[d][XGW_ACCT_SRC])},
                      {"dst", counter_json(s.c[d][XGW_ACCT_DST])}};
    return j;
}

nlohmann::json types_json(const std::vector<acct::TypeCounters>& rows, bool icmp) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& t : rows)
        out.push_back({{"family", acct::family_name(t.family)},
                       {icmp ? "type" : "protocol", t.number},
                       {"name", icmp ? acct::icmp_type_name(t.family, t.number)
                                     : acct::protocol_name(t.number)},
                       {"in", counter_json(t.counts.c[XGW_DIR_INGRESS])},
                       {"out", counter_json(t.counts.c[XGW_DIR_EGRESS])}});
    return out;
}

bool wants(const std::string& table, const char* name) {
    return table == "all" || table == name;
}

unsigned long long u(std::uint64_t v) {
    return static_cast<unsigned long long>(v);
}

void print_roles(const std::string& label, const xgw_acct_stats& s) {
    const char* dirs[] = {"in", "out"};
    for (unsigned d = 0; d < XGW_DIR__MAX; d++) {
        const auto& src = s.c[d][XGW_ACCT_SRC];
        const auto& dst = s.c[d][XGW_ACCT_DST];
        std::printf("  %-40s %-3s %12llu %14llu %12llu %14llu\n", d == 0 ? label.c_str() : "",
                    dirs[d], u(src.packets), u(src.bytes), u(dst.packets), u(dst.bytes));
    }
}

void print_types(const char* title, const std::vector<acct::TypeCounters>& rows, bool icmp) {
    std::printf("\n%s\n  %-6s %-26s %12s %14s %12s %14s\n", title, "FAMILY",
                icmp ? "TYPE" : "PROTOCOL", "IN-PKTS", "IN-BYTES", "OUT-PKTS", "OUT-BYTES");
    for (const auto& t : rows) {
        std::string name =
            icmp ? acct::icmp_type_name(t.family, t.number) : acct::protocol_name(t.number);
        const auto& in = t.counts.c[XGW_DIR_INGRESS];
        const auto& out = t.counts.c[XGW_DIR_EGRESS];
        std::printf("  %-6s %-26s %12llu %14llu %12llu %14llu\n",
                    acct::family_name(t.family).c_str(), name.c_str(), u(in.packets), u(in.bytes),
                    u(out.packets), u(out.bytes));
    }
}

} // namespace

nlohmann::json acct_json(const acct::Definitions& defs, const Snapshot& snap,
                         const std::string& table) {
    nlohmann::json j{{"bytes", defs.bytes == acct::ByteCount::Ip ? "ip" : "frame"}};
    if (wants(table, "hosts")) {
        j["nets"] = nlohmann::json::array();
        for (const auto& net : defs.nets)
            j["nets"].push_back(net.str());
        j["hosts"] = nlohmann::json::array();
        for (const auto& h : snap.hosts) {
            auto row = roles_json(h.counts);
            row["address"] = h.address.str();
            j["hosts"].push_back(row);
        }
        j["host_overflow"] = snap.host_overflow;
    }
    if (wants(table, "ports")) {
        j["ports"] = nlohmann::json::array();
        for (const auto& p : snap.ports) {
            auto row = roles_json(p.counts);
            row["protocol"] = to_string(p.port.proto);
            row["port"] = p.port.number;
            j["ports"].push_back(row);
        }
    }
    if (wants(table, "protocols")) {
        j["protocols_enabled"] = defs.protocols;
        j["protocols"] = types_json(snap.protocols, false);
    }
    if (wants(table, "icmp-types")) {
        j["icmp_types_enabled"] = defs.icmp_types;
        j["icmp_types"] = types_json(snap.icmp_types, true);
    }
    return j;
}

void print_acct(const acct::Definitions& defs, const Snapshot& snap, const std::string& table) {
    std::printf("bytes counted: %s\n",
                defs.bytes == acct::ByteCount::Ip ? "IP datagram" : "L2 frame");
    const char* header = "  %-40s %-3s %12s %14s %12s %14s\n";
    if (wants(table, "hosts")) {
        std::printf("\nhosts of");
        for (const auto& net : defs.nets)
            std::printf(" %s", net.str().c_str());
        std::printf(defs.nets.empty() ? " (no net accounted)\n" : "\n");
        std::printf(header, "ADDRESS", "DIR", "SRC-PKTS", "SRC-BYTES", "DST-PKTS", "DST-BYTES");
        for (const auto& h : snap.hosts)
            print_roles(h.address.str(), h.counts);
        if (snap.host_overflow)
            std::printf("  host table full: %llu packets not counted by host\n",
                        u(snap.host_overflow));
    }
    if (wants(table, "ports")) {
        std::printf("\nports%s\n", snap.ports.empty() ? " (no port accounted)" : "");
        std::printf(header, "PORT", "DIR", "SRC-PKTS", "SRC-BYTES", "DST-PKTS", "DST-BYTES");
        for (const auto& p : snap.ports)
            print_roles(p.port.str(), p.counts);
    }
    if (wants(table, "protocols"))
        print_types(defs.protocols ? "protocols" : "protocols (off)", snap.protocols, false);
    if (wants(table, "icmp-types"))
        print_types(defs.icmp_types ? "icmp types" : "icmp types (off)", snap.icmp_types, true);
}

} // namespace xgw::cli
