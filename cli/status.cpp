#include "Commands.h"
#include "StateOutput.h"

#include <xgw/Netns.h>
#include <xgw/Orphans.h>
#include <xgw/Privileges.h>
#include <xgw/bpf/MapMemory.h>
#include <xgw/daemon/DaemonRecord.h>

#include <cstdio>
#include <ctime>
#include <iostream>

namespace xgw::cli {

namespace {

std::string_view policy_name(MalformedPolicy p) {
    return p == MalformedPolicy::Pass ? "pass" : "drop";
}

// How frames built or redirected in XDP leave the interface, and why.
std::string xdp_sends(const IfaceStatus& s) {
    if (!s.veth)
        return "xdp";
    return s.mode == XdpMode::Native
               ? "tc (native on a veth: the peer may not take XDP frames; answers leave through "
                 "tc, the offload does not redirect to it)"
               : "xdp (generic on a veth: sent through the stack)";
}

// Bytes by feature, in the order of the (sorted) maps.
std::vector<std::pair<std::string, std::uint64_t>> by_feature(const std::vector<MapFootprint>& maps) {
    std::vector<std::pair<std::string, std::uint64_t>> out;
    for (const auto& m : maps) {
        if (out.empty() || out.back().first != m.feature)
            out.push_back({m.feature, 0});
        out.back().second += m.bytes;
    }
    return out;
}

std::uint64_t total_bytes(const std::vector<MapFootprint>& maps) {
    std::uint64_t total = 0;
    for (const auto& m : maps)
        total += m.bytes;
    return total;
}

nlohmann::json memory_json(const std::vector<MapFootprint>& maps) {
    nlohmann::json j{{"bytes", total_bytes(maps)},
                     {"features", nlohmann::json::object()},
                     {"maps", nlohmann::json::array()}};
    for (const auto& [feature, bytes] : by_feature(maps))
        j["features"][feature] = bytes;
    for (const auto& m : maps)
        j["maps"].push_back({{"map", m.map},
                             {"feature", m.feature},
                             {"type", m.type},
                             {"capacity", m.capacity},
                             {"bytes", m.bytes}});
    return j;
}

void print_memory(const std::vector<MapFootprint>& maps, bool per_map) {
    std::cout << "memory locked:     " << format_bytes(total_bytes(maps)) << " (";
    const char* sep = "";
    for (const auto& [feature, bytes] : by_feature(maps)) {
        std::cout << sep << feature << " " << format_bytes(bytes);
        sep = ", ";
    }
    std::cout << ")\n";
    if (!per_map)
        return;
    std::printf("\n%-12s %-22s %-16s %10s %12s\n", "FEATURE", "MAP", "TYPE", "CAPACITY",
                "LOCKED");
    for (const auto& m : maps)
        std::printf("%-12s %-22s %-16s %10u %12s\n", m.feature.c_str(), m.map.c_str(),
                    m.type.c_str(), m.capacity, format_bytes(m.bytes).c_str());
}

nlohmann::json to_json(const Datapath& dp, const std::vector<IfaceStatus>& ifaces,
                       const TableStatus& t, std::uint64_t cookie) {
    nlohmann::json j{
        {"netns_cookie", cookie},
        {"pin_root", dp.paths().root().string()},
        {"state", dp.has_state()},
        {"malformed_policy", policy_name(dp.malformed_policy())},
        {"tables",
         {{"flows", {{"size", t.flows_max}, {"entries", t.flows}}},
          {"nat_bindings", {{"size", t.nat_bindings_max}, {"entries", t.nat_bindings}}}}},
        {"interfaces", nlohmann::json::array()}};
    for (const auto& s : ifaces)
        j["interfaces"].push_back({{"name", s.name},
                                   {"ifindex", s.ifindex},
                                   {"mode", to_string(s.mode)},
                                   {"present", s.present},
                                   {"xdp_prog_id", s.xdp_prog_id},
                                   {"tc_prog_id", s.tc_prog_id},
                                   {"tc_ingress_prog_id", s.tc_ingress_prog_id},
                                   {"forward", s.forward},
                                   {"acct_only", s.acct_only},
                                   {"veth", s.veth},
                                   {"l3_link", s.l3_link},
                                   {"xdp_sends", xdp_sends(s)},
                                   {"pin_dir", s.pin_dir}});
    return j;
}

void print_text(const Datapath& dp, const std::vector<IfaceStatus>& ifaces, const TableStatus& t) {
    if (!dp.has_state()) {
        std::cout << "xgw is not attached in this network namespace\n";
        return;
    }
    std::cout << "pins:              " << dp.paths().root().string() << "\n"
              << "malformed packets: " << policy_name(dp.malformed_policy()) << "\n"
              << "flow table:        " << t.flows << " of " << t.flows_max << " flows\n"
              << "NAT bindings:      " << t.nat_bindings << " of " << t.nat_bindings_max
              << "\n";
    std::printf("\n%-16s %7s  %-8s %8s %8s  %s\n", "IFACE", "IFINDEX", "XDP", "XDP-PROG", "TC-PROG",
                "DATA-PATH");
    for (const auto& s : ifaces) {
        std::string xdp = s.xdp_prog_id ? std::to_string(s.xdp_prog_id) : "gone";
        std::string tc = s.present ? std::to_string(s.tc_prog_id) : "gone";
        std::printf("%-16s %7u  %-8s %8s %8s  %s\n", s.name.c_str(), s.ifindex,
                    std::string(to_string(s.mode)).c_str(), xdp.c_str(), tc.c_str(),
                    s.acct_only ? "accounting only"
                    : s.forward ? "full, forwarding offload"
                    : s.l3_link ? "full, L3 link"
                                : "full");
        if (s.veth)
            std::printf("%-16s XDP frames out: %s\n", "", xdp_sends(s).c_str());
    }
}

// xgwd in this namespace: what it follows and what it did, or that none runs.
nlohmann::json daemon_json(const std::optional<daemon::DaemonReport>& d) {
    if (!d)
        return {{"running", false}};
    auto j = nlohmann::json::parse(daemon::report_json(*d));
    j["running"] = true;
    j["uptime_s"] = std::time(nullptr) - d->started_unix;
    return j;
}

void print_daemon(const std::optional<daemon::DaemonReport>& d) {
    if (!d) {
        std::cout << "\nxgwd:              not running\n";
        return;
    }
    std::string ifaces;
    for (const auto& i : d->interfaces)
        ifaces += (ifaces.empty() ? "" : ", ") + i;
    std::cout << "\nxgwd:              pid " << d->pid << ", up "
              << std::time(nullptr) - d->started_unix << " s\n"
              << "  follows:         " << (ifaces.empty() ? "no interfaces" : ifaces)
              << (d->follows_addresses ? "; addresses" : "") << "\n"
              << "  metrics:         " << (d->metrics.empty() ? "off" : d->metrics) << "\n"
              << "  syslog:          " << (d->syslog.empty() ? "off" : d->syslog) << "\n";
    for (const auto& [name, value] : d->counters)
        std::printf("  %-24s %llu\n", name.c_str(), static_cast<unsigned long long>(value));
}

Result<std::optional<daemon::DaemonReport>> running_daemon_here() {
    auto dir = daemon::run_dir_of_current_netns(daemon::kDefaultRunBase);
    if (!dir)
        return dir.error();
    return daemon::running_daemon(*dir);
}

// `--all-namespaces`: every namespace's state directory, whose it is and what it locks.
Result<void> print_all_namespaces(bool json) {
    if (auto ok = check_privileges(); !ok)
        return ok.error();
    auto survey = survey_state();
    if (!survey)
        return survey.error();
    if (json) {
        nlohmann::json j{{"namespaces", nlohmann::json::array()},
                         {"unreadable", survey->unreadable}};
        for (const auto& ns : survey->namespaces)
            j["namespaces"].push_back(namespace_json(ns));
        print_json(j);
        return {};
    }
    std::printf("%-20s %-9s %-20s %12s  %s\n", "NETNS-COOKIE", "STATE", "NETNS", "LOCKED", "PINS");
    for (const auto& ns : survey->namespaces)
        std::printf("%-20llu %-9s %-20s %12s  %s\n", static_cast<unsigned long long>(ns.cookie),
                    std::string(to_string(ns.owner)).c_str(), netns_label(ns).c_str(),
                    format_bytes(ns.bytes()).c_str(), ns.dir.c_str());
    for (const auto& why : survey->unreadable)
        std::cout << "unknown: a namespace's cookie could not be read (" << why
                  << "); state not found alive may be its\n";
    return {};
}

} // namespace

void add_status(CLI::App& app, Context& ctx) {
    auto json = std::make_shared<bool>(false);
    auto maps = std::make_shared<bool>(false);
    auto all = std::make_shared<bool>(false);
    auto* cmd = app.add_subcommand(
        "status", "Show attached interfaces, modes, programs, pins and the memory they lock");
    cmd->add_flag("--json", *json, "Print JSON");
    auto* maps_flag =
        cmd->add_flag("--maps", *maps, "List every map with its capacity and the memory it locks");
    cmd->add_flag("-A,--all-namespaces", *all,
                  "List the state of every network namespace: live or orphaned, and its memory")
        ->excludes(maps_flag);
    on_run(cmd, ctx, [json, maps, all]() -> Result<void> {
        if (*all)
            return print_all_namespaces(*json);
        auto dp = open_attached();
        if (!dp)
            return dp.error();
        auto ifaces = dp->status();
        if (!ifaces)
            return ifaces.error();
        auto tables = dp->tables();
        if (!tables)
            return tables.error();
        std::vector<MapFootprint> memory;
        if (dp->has_state()) {
            auto m = pinned_map_memory(dp->paths());
            if (!m)
                return m.error();
            memory = std::move(*m);
        }
        auto xgwd = running_daemon_here();
        if (!xgwd)
            return xgwd.error();
        if (*json) {
            auto cookie = current_netns_cookie();
            auto j = to_json(*dp, *ifaces, *tables, cookie ? *cookie : 0);
            j["memory"] = memory_json(memory);
            j["xgwd"] = daemon_json(*xgwd);
            print_json(j);
        } else {
            print_text(*dp, *ifaces, *tables);
            if (dp->has_state())
                print_memory(memory, *maps);
            print_daemon(*xgwd);
        }
        return {};
    });
}

} // namespace xgw::cli
