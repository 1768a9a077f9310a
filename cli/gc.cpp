#include "Commands.h"
#include "StateOutput.h"

#include <xgw/Privileges.h>
#include <xgw/bpf/MapMemory.h>

#include <iostream>

namespace xgw::cli {

namespace {

nlohmann::json gc_json(const StateSurvey& s, bool dry_run) {
    nlohmann::json j{{"dry_run", dry_run},
                     {"namespaces", nlohmann::json::array()},
                     {"interfaces", nlohmann::json::array()},
                     {"unreadable", s.unreadable}};
    std::uint64_t bytes = 0;
    for (const auto& ns : s.namespaces) {
        j["namespaces"].push_back(namespace_json(ns));
        bytes += ns.bytes();
    }
    for (const auto& v : s.vanished)
        j["interfaces"].push_back(vanished_json(v));
    j["bytes"] = bytes;
    return j;
}

void print_gc(const StateSurvey& s, bool dry_run) {
    const char* verb = dry_run ? "would release" : "released";
    std::uint64_t bytes = 0;
    for (const auto& ns : s.namespaces) {
        std::cout << verb << " namespace " << ns.cookie << " (gone): " << ns.dir.string() << ", "
                  << format_bytes(ns.bytes()) << " in " << ns.maps.size() << " maps\n";
        bytes += ns.bytes();
    }
    for (const auto& v : s.vanished)
        std::cout << verb << " interface " << v.name << " (ifindex " << v.ifindex
                  << ", gone): " << v.pin_dir << "\n";
    for (const auto& why : s.unreadable)
        std::cout << "left alone: state of namespaces not found alive, because a namespace's "
                     "cookie could not be read ("
                  << why << ")\n";
    if (s.namespaces.empty() && s.vanished.empty())
        std::cout << "nothing to release\n";
    else
        std::cout << verb << " " << s.namespaces.size() << " namespaces' state ("
                  << format_bytes(bytes) << ") and " << s.vanished.size() << " interfaces'\n";
}

} // namespace

void add_gc(CLI::App& app, Context& ctx) {
    auto dry_run = std::make_shared<bool>(false);
    auto json = std::make_shared<bool>(false);
    auto* cmd = app.add_subcommand(
        "gc", "Release the state of network namespaces and interfaces that no longer exist");
    cmd->add_flag("-n,--dry-run", *dry_run, "Only show what would be released");
    cmd->add_flag("--json", *json, "Print JSON");
    on_run(cmd, ctx, [dry_run, json]() -> Result<void> {
        if (auto ok = check_privileges(); !ok)
            return ok.error();
        auto released = survey_state();
        if (!released)
            return released.error();
        released->namespaces = orphaned(*released);
        if (!*dry_run) {
            for (const auto& ns : released->namespaces)
                if (auto ok = release_namespace(ns); !ok)
                    return ok.error();
            if (auto ok = release_vanished(released->vanished); !ok)
                return ok.error();
        }
        if (*json)
            print_json(gc_json(*released, *dry_run));
        else
            print_gc(*released, *dry_run);
        return {};
    });
}

} // namespace xgw::cli
