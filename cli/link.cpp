#include "Commands.h"

#include <xgw/route/Links.h>

#include <cstdio>
#include <iostream>

namespace xgw::cli {
namespace {

using namespace xgw::route;

Result<void> show(bool json) {
    auto nl = Netlink::open();
    if (!nl)
        return nl.error();
    auto links = list_links(*nl);
    if (!links)
        return links.error();
    if (json) {
        nlohmann::json j{{"links", nlohmann::json::array()}};
        for (const auto& l : *links)
            j["links"].push_back({{"name", l.name},
                                  {"ifindex", l.ifindex},
                                  {"up", l.up},
                                  {"carrier", l.carrier},
                                  {"mtu", l.mtu},
                                  {"mac", l.mac}});
        print_json(j);
        return {};
    }
    std::printf("%-7s %-16s %-5s %-8s %6s  %s\n", "IFINDEX", "NAME", "STATE", "CARRIER", "MTU",
                "MAC");
    for (const auto& l : *links)
        std::printf("%7d %-16s %-5s %-8s %6u  %s\n", l.ifindex, l.name.c_str(),
                    l.up ? "up" : "down", l.carrier ? "yes" : "no", l.mtu, l.mac.c_str());
    return {};
}

} // namespace

void add_link(CLI::App& app, Context& ctx) {
    auto* link = app.add_subcommand("link", "Show interfaces; set them up or down, or their MTU");
    link->require_subcommand(1);
    auto json = std::make_shared<bool>(false);
    auto* show_cmd = link->add_subcommand("show", "Show interfaces");
    show_cmd->add_flag("--json", *json, "Print JSON");
    on_run(show_cmd, ctx, [json] { return show(*json); });

    struct SetArgs {
        std::string ifname;
        std::vector<std::string> words;
    };
    auto a = std::make_shared<SetArgs>();
    auto* set_cmd = link->add_subcommand("set", "Set an interface up or down, or its MTU");
    set_cmd->add_option("IF", a->ifname, "Interface")->required();
    set_cmd->add_option("CHANGE", a->words, "up | down | mtu N")->required();
    on_run(set_cmd, ctx, [a]() -> Result<void> {
        auto change = parse_link_args(a->words);
        if (!change)
            return change.error();
        auto nl = Netlink::open();
        if (!nl)
            return nl.error();
        return set_link(*nl, a->ifname, *change);
    });
}

} // namespace xgw::cli
